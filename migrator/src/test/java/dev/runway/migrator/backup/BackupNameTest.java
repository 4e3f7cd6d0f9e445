package dev.runway.migrator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackupNameTest {

    private static final UUID RELEASE = UUID.fromString("0b7c6a2e-5f1d-4c3b-9a8e-1d2f3a4b5c6d");
    private final BackupName name = new BackupName("shop", RELEASE, Instant.parse("2026-11-27T14:23:00.750Z"));

    @Test
    void theKeyNamesTheDatabaseTheReleaseAndTheMomentInUtcAsRunbookStep21Does() {
        assertThat(name.key())
                .isEqualTo("shop/0b7c6a2e-5f1d-4c3b-9a8e-1d2f3a4b5c6d/backup-pre-migration-20261127-142300.dump");
    }

    @Test
    void theSnapshotIdIsOneRdsAcceptsLettersDigitsAndSingleHyphensStartingWithALetter() {
        assertThat(name.snapshotId())
                .isEqualTo("pre-deploy-0b7c6a2e-5f1d-4c3b-9a8e-1d2f3a4b5c6d-20261127-142300")
                .matches("[a-zA-Z](?:-?[a-zA-Z0-9])*")
                .hasSizeLessThanOrEqualTo(255);
    }

    @Test
    void theSameMomentGivesTheSameNamesSoAResumedCommandFindsItsBackup() {
        BackupName again = new BackupName("shop", RELEASE, Instant.parse("2026-11-27T14:23:00.750Z"));
        assertThat(again.key()).isEqualTo(name.key());
        assertThat(again.snapshotId()).isEqualTo(name.snapshotId());
        assertThat(again.fileName()).isEqualTo(name.fileName()).doesNotContain("/");
    }
}
