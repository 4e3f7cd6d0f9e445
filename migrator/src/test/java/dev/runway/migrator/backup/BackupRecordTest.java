package dev.runway.migrator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupRecordTest {

    private static final String SHA256 = "3f2a9c01d4e7b8a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2";

    @Test
    void theLineSaysSizeEntriesChecksumLocationAndDurationInTheRunbooksWords() {
        BackupRecord backup = new BackupRecord(
                "shop/rel-1/backup-pre-migration-20261127-142300.dump",
                "s3://runway-backups/shop/rel-1/backup-pre-migration-20261127-142300.dump",
                18_342,
                23,
                SHA256,
                1,
                "SHA-256 matched",
                412);

        assertThat(backup.runbookLine())
                .isEqualTo("backup shop/rel-1/backup-pre-migration-20261127-142300.dump: 18 342 bytes,"
                        + " pg_restore --list 23 entries, sha256 3f2a9c01d4e7…, uploaded to"
                        + " s3://runway-backups/shop/rel-1/backup-pre-migration-20261127-142300.dump,"
                        + " SHA-256 matched, 412 ms");
    }

    @Test
    void aBackupInPartsSaysHowMany() {
        BackupRecord backup =
                new BackupRecord("k", "s3://b/k", 12_600_000, 9, SHA256, 3, "ETag (MD5 of 3 parts) matched", 2_140);

        assertThat(backup.runbookLine())
                .contains("12 600 000 bytes")
                .contains("uploaded to s3://b/k in 3 parts, ETag (MD5 of 3 parts) matched, 2 140 ms");
    }
}
