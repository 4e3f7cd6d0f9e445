package dev.runway.migrator.rehearsal;

import java.nio.file.Path;

/** Reads a stored backup back, so that the rehearsal restores what a recovery would restore. */
public interface BackupDownloads {

    /**
     * Writes the backup at {@code location} (e.g. {@code s3://runway-backups/shop/…/backup-pre-migration-….dump}) to
     * {@code file}.
     *
     * @throws RehearsalFailed when it cannot be read
     */
    void download(String location, Path file);
}
