package dev.runway.migrator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreMigrationBackupTest {

    private static final UUID RELEASE = UUID.fromString("0b7c6a2e-5f1d-4c3b-9a8e-1d2f3a4b5c6d");
    private static final TargetDatabase SHOP =
            new TargetDatabase("shop", "jdbc:postgresql://db.internal:5432/shop", "runway_migrator", "pw");
    private static final String SHA256 = "3f2a9c01d4e7b8a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2";

    @TempDir
    Path work;

    private final List<String> dumped = new ArrayList<>();
    private final List<String> stored = new ArrayList<>();
    private final List<String> snapshotsAsked = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-27T14:23:00Z");

    @Test
    void withoutABucketTheBackupIsRequiredSoTheStepIsRefusedSayingWhyAndNothingIsReported() {
        RecordingReporter reporter = new RecordingReporter();

        BackupOutcome outcome = backup(true, workingStore()).before(RELEASE, SHOP, where(null, null), reporter);

        assertThat(outcome).isInstanceOf(BackupOutcome.Refused.class);
        assertThat(((BackupOutcome.Refused) outcome).reason())
                .isEqualTo("backup NOT taken: no backup bucket configured for database shop"
                        + " (runway.databases.\"shop\".backup.bucket); the runbook requires one before migrating"
                        + " (Step 2.1), so nothing was migrated (runway.migrator.backup.required=false allows"
                        + " migrating without one)");
        assertThat(reporter.reported).isEmpty();
        assertThat(dumped).isEmpty();
    }

    @Test
    void withoutABucketWhereNotRequiredTheStepSaysNoBackupWasTakenAndClaimsNone() {
        RecordingReporter reporter = new RecordingReporter();

        BackupOutcome outcome = backup(false, workingStore()).before(RELEASE, SHOP, where(null, null), reporter);

        assertThat(outcome).isInstanceOf(BackupOutcome.NotTaken.class);
        assertThat(outcome.outputs()).isEmpty();
        assertThat(reporter.reported)
                .singleElement()
                .extracting(b -> ((StepProgressed) b).message())
                .isEqualTo("backup NOT taken: no backup bucket configured for database shop"
                        + " (runway.databases.\"shop\".backup.bucket); migrating without one, as"
                        + " runway.migrator.backup.required=false allows");
    }

    @Test
    void aTakenBackupIsReportedWithItsMeasurementsAndGivesTheOutputsARestoreNeeds() {
        RecordingReporter reporter = new RecordingReporter();

        BackupOutcome outcome =
                backup(true, workingStore()).before(RELEASE, SHOP, where("runway-backups", "shop-prod"), reporter);

        String key = "shop/" + RELEASE + "/backup-pre-migration-20261127-142300.dump";
        assertThat(stored).containsExactly("runway-backups " + key);
        assertThat(snapshotsAsked).containsExactly("shop-prod pre-deploy-" + RELEASE + "-20261127-142300");
        assertThat(outcome.outputs())
                .containsEntry(StepSucceeded.Outputs.BACKUP_LOCATION, "s3://runway-backups/" + key)
                .containsEntry(StepSucceeded.Outputs.BACKUP_SHA256, SHA256)
                .containsEntry(StepSucceeded.Outputs.RDS_SNAPSHOT_ID, "pre-deploy-" + RELEASE + "-20261127-142300");
        assertThat(reporter.reported)
                .extracting(b -> ((StepProgressed) b).message())
                .satisfiesExactly(
                        line -> assertThat(line)
                                .startsWith("backup " + key + ": 18 342 bytes, pg_restore --list 23"
                                        + " entries, sha256 3f2a9c01d4e7…, uploaded to s3://runway-backups/" + key
                                        + ", SHA-256 matched, "),
                        line -> assertThat(line)
                                .isEqualTo("RDS snapshot pre-deploy-" + RELEASE
                                        + "-20261127-142300 of instance shop-prod: available, 1 240 ms"));
        assertThat(((StepProgressed) reporter.reported.get(0)).measurements())
                .extracting(m -> m.name() + "=" + m.value() + " " + m.unit())
                .contains(
                        "backup size=18342 bytes",
                        "backup entries=23 entries",
                        "backup sha256=" + SHA256 + " sha256",
                        "backup location=s3://runway-backups/" + key + " ");
        assertThat(outcome.measurements()).extracting(m -> m.name()).contains("backup location", "rds snapshot");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aCommandResumedAfterItsBackupWasStoredReusesItAndDumpsNothing() {
        RecordingReporter first = new RecordingReporter();
        backup(true, workingStore()).before(RELEASE, SHOP, where("runway-backups", null), first);
        now = now.plus(Duration.ofMinutes(3));
        RecordingReporter resumed = new RecordingReporter(first.progress);

        BackupOutcome outcome =
                backup(true, workingStore()).before(RELEASE, SHOP, where("runway-backups", null), resumed);

        assertThat(dumped).hasSize(1);
        assertThat(stored).hasSize(1);
        assertThat(outcome.outputs().get(StepSucceeded.Outputs.BACKUP_LOCATION))
                .endsWith("backup-pre-migration-20261127-142300.dump");
        assertThat(((StepProgressed) resumed.reported.get(0)).message())
                .endsWith("; taken before this command was interrupted, reused");
    }

    @Test
    void aCommandInterruptedBeforeItsBackupWasStoredDumpsAgainUnderTheSameName() {
        RecordingReporter first = new RecordingReporter();
        BackupOutcome failed = backup(true, failingStore()).before(RELEASE, SHOP, where("runway-backups", null), first);
        assertThat(failed).isInstanceOf(BackupOutcome.Refused.class);
        now = now.plus(Duration.ofMinutes(3));

        backup(true, workingStore())
                .before(RELEASE, SHOP, where("runway-backups", null), new RecordingReporter(first.progress));

        assertThat(stored)
                .containsExactly("runway-backups shop/" + RELEASE + "/backup-pre-migration-20261127-142300.dump");
        assertThat(dumped).hasSize(2);
    }

    @Test
    void aFailedUploadRefusesTheStepNamingWhatFailed() {
        RecordingReporter reporter = new RecordingReporter();

        BackupOutcome outcome =
                backup(true, failingStore()).before(RELEASE, SHOP, where("runway-backups", null), reporter);

        assertThat(outcome).isInstanceOf(BackupOutcome.Refused.class);
        assertThat(((BackupOutcome.Refused) outcome).reason())
                .isEqualTo("backup before migration failed: checksum mismatch for s3://runway-backups/x: S3's ETag"
                        + " is 0000, the file's MD5 is 1111; nothing was migrated");
        assertThat(reporter.reported).isEmpty();
        assertThat(work).isEmptyDirectory();
    }

    private PreMigrationBackup backup(boolean required, BackupStore store) {
        PgDump pgDump = new PgDump("pg_dump", "pg_restore", Duration.ofMinutes(1), new Redactor(List.of())) {
            @Override
            public DumpedFile dump(TargetDatabase database, Path file) {
                dumped.add(file.getFileName().toString());
                try {
                    Files.write(file, new byte[18_342]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new DumpedFile(file, 18_342, 23, SHA256, Duration.ofMillis(300));
            }
        };
        DatabaseSnapshots snapshots = (instance, id) -> {
            snapshotsAsked.add(instance + " " + id);
            return new Snapshot(id, instance, "available", true, Duration.ofMillis(1_240));
        };
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new PreMigrationBackup(new TestBackupConfig(required, work), pgDump, store, snapshots, clock);
    }

    private BackupStore workingStore() {
        return (bucket, key, file) -> {
            stored.add(bucket + " " + key);
            return new StoredBackup(
                    "s3://" + bucket + "/" + key, file.bytes(), 1, "SHA-256 matched", Duration.ofMillis(90));
        };
    }

    private static BackupStore failingStore() {
        return (bucket, key, file) -> {
            throw new BackupFailed(
                    "checksum mismatch for s3://runway-backups/x: S3's ETag is 0000, the file's MD5 is 1111");
        };
    }

    private static MigratorConfig.Backup where(String bucket, String rdsInstanceId) {
        return new MigratorConfig.Backup() {
            @Override
            public Optional<String> bucket() {
                return Optional.ofNullable(bucket);
            }

            @Override
            public Optional<String> rdsInstanceId() {
                return Optional.ofNullable(rdsInstanceId);
            }
        };
    }
}
