package dev.runway.migrator.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What one command's backup is called, in S3 and on RDS: the database, the release and the moment the command first
 * started its backup. That moment is checkpointed, so a resumed command names, and finds, the same backup.
 */
public record BackupName(String database, UUID releaseId, Instant takenAt) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** As in runbook Step 2.1: {@code shop/<release>/backup-pre-migration-20261127-142300.dump}. */
    public String key() {
        return database + "/" + releaseId + "/backup-pre-migration-" + stamp() + ".dump";
    }

    /**
     * {@code pre-deploy-<release>-20261127-142300}: RDS wants letters, digits and single hyphens, starting with a
     * letter, at most 255 characters, which a UUID and the stamp satisfy.
     */
    public String snapshotId() {
        return "pre-deploy-" + releaseId + "-" + stamp();
    }

    public String fileName() {
        return "backup-pre-migration-" + database + "-" + releaseId + "-" + stamp() + ".dump";
    }

    private String stamp() {
        return STAMP.format(takenAt);
    }
}
