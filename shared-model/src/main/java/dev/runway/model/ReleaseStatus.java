package dev.runway.model;

/** Where a release stands as a whole. */
public enum ReleaseStatus {
    RUNNING(false),
    /**
     * A guard rule of "EVALUATE ROLLBACK" severity fired: the pipeline holds until a person decides to roll back or
     * continue, or the decision timeout applies the release's default. Still active for the code freeze.
     */
    AWAITING_DECISION(false),
    ROLLING_BACK(false),
    /**
     * Every phase succeeded or was skipped. During hypercare the guards still watch, and a person may still decide to
     * roll the release back after a hypercare alert.
     */
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
