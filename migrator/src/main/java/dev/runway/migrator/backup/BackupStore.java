package dev.runway.migrator.backup;

/** Where a verified dump is kept, off the database's host (runbook Step 2.1: "for redundancy"). */
public interface BackupStore {

    /**
     * Uploads the file and proves that what the store holds is what was sent.
     *
     * @throws BackupFailed when the upload fails or the store's checksum differs from the file's
     */
    StoredBackup store(String bucket, String key, DumpedFile file);
}
