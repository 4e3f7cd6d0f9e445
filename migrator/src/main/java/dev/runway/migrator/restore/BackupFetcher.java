package dev.runway.migrator.restore;

import java.nio.file.Path;

/** Brings a stored backup back to the migrator's disk. */
public interface BackupFetcher {

    /**
     * Downloads {@code location} ({@code s3://bucket/key}) into {@code file}.
     *
     * @return the bytes written
     * @throws RestoreFailed when the location is not a backup's, the object is missing or the download fails
     */
    long fetch(String location, Path file);
}
