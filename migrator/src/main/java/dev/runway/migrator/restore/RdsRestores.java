package dev.runway.migrator.restore;

import java.time.Instant;

/**
 * New RDS instances restored from the state before a release (runbook Step R3 options 2 and 3). The new instance's
 * name is fixed by the source, so asking again (a resumed command) finds it by describing first and restores nothing
 * twice. One created before {@code notBefore} is an earlier release's, and is refused rather than taken for this one.
 */
public interface RdsRestores {

    /**
     * Restores {@code snapshotId} as {@code target} unless it exists, and waits until it is available.
     *
     * @throws RestoreFailed when RDS refuses, the instance fails, or it is not available in time
     */
    RestoredInstance fromSnapshot(String snapshotId, String target, Instant notBefore);

    /** Restores {@code source} as it was at {@code restoreTime} as {@code target} unless it exists, and waits. */
    RestoredInstance toPointInTime(String source, Instant restoreTime, String target, Instant notBefore);
}
