package dev.runway.coordinator.phase;

/** Timeline rows of what people did through the API besides guard decisions: votes, aborts, rollback requests. */
public enum PersonStep implements Stage {
    /** One GO or NO-GO; the notes say who voted for which role and why. */
    VOTE("Go/No-Go", "Vote"),
    /** A deployment lead stopped the release before anything changed. */
    ABORT("Abort", "Abort requested"),
    /** One of the two people the runbook's manual rollback needs asked for it. */
    ROLLBACK_REQUEST("Rollback", "Manual rollback requested");

    private final String label;
    private final String task;

    PersonStep(String label, String task) {
        this.label = label;
        this.task = task;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String task() {
        return task;
    }
}
