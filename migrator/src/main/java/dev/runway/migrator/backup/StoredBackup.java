package dev.runway.migrator.backup;

import java.time.Duration;

/**
 * A backup as the store holds it.
 *
 * @param location e.g. {@code s3://runway-backups/shop/<release>/backup-pre-migration-20261127-142300.dump}
 * @param parts    1 for a single PUT
 * @param checksum what the store's own checksum was compared with, e.g. {@code ETag 5d41...-3 (MD5 of 3 parts)}
 */
public record StoredBackup(String location, long bytes, int parts, String checksum, Duration took) {}
