package dev.runway.model;

/** Where a release stands as a whole. */
public enum ReleaseStatus {
    RUNNING(false),
    ROLLING_BACK(false),
    /** Every phase succeeded or was skipped. */
    COMPLETED(true),
    /** A phase failed or a threshold was breached, and the rollback succeeded. */
    ROLLED_BACK(true),
    /** The rollback itself failed: production needs a human now. */
    FAILED(true),
    /** Stopped by a NO-GO, a failed pre-flight check or the maximum duration; anything changed was rolled back. */
    ABORTED(true);

    private final boolean terminal;

    ReleaseStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }
}
