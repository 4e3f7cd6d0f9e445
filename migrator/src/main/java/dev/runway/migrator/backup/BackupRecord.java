package dev.runway.migrator.backup;

import java.util.Locale;

/**
 * A backup taken, verified and stored: what the step reports, and what is checkpointed so that a resumed command
 * reuses it rather than dumping again.
 *
 * @param checksum what S3's checksum was compared with, and that it matched
 * @param tookMs   dumping, verifying and uploading
 */
public record BackupRecord(
        String key, String location, long bytes, int entries, String sha256, int parts, String checksum, long tookMs) {

    /**
     * e.g. {@code backup shop/…/backup-pre-migration-20261127-142300.dump: 18 342 bytes, pg_restore --list 23
     * entries, sha256 3f2a9c01d4e7…, uploaded to s3://runway-backups/shop/…, SHA-256 matched, 412 ms}
     */
    public String runbookLine() {
        return "backup " + key + ": " + grouped(bytes) + " bytes, pg_restore --list " + entries + " entries, sha256 "
                + sha256.substring(0, Math.min(12, sha256.length())) + "…, uploaded to " + location
                + (parts > 1 ? " in " + parts + " parts" : "") + ", " + checksum + ", " + grouped(tookMs) + " ms";
    }

    /** Thousands apart by a space, as the runbook writes sizes. */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value).replace(',', ' ');
    }
}
