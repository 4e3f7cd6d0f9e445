package dev.runway.migrator.backup;

/** Snapshots taken by the database's provider, besides the dump (RDS). */
public interface DatabaseSnapshots {

    /**
     * Takes a snapshot named {@code snapshotId} of the instance unless one of that name exists, and waits until it is
     * available. Asked again with the same name, it takes none.
     *
     * @throws BackupFailed when it cannot be taken, fails, or is not available in time
     */
    Snapshot snapshot(String instanceId, String snapshotId);
}
