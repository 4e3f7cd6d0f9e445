package dev.runway.coordinator.phase;

/** Timeline rows of the continuous guard: what it saw, and what a person or the timeout decided. */
public enum GuardStep implements Stage {
    /** A verdict that changes nothing, e.g. no data (inconclusive), or a rule firing while already rolling back. */
    GUARD_NOTICE("Guard", "Guard notice"),
    /** A rule fired; the notes carry its evidence. */
    GUARD_BREACH("Guard", "Guard breach"),
    /** Running while a person is asked; the notes say who decided what and why, or that the timeout did. */
    DECISION("Decision", "Rollback decision");

    private final String label;
    private final String task;

    GuardStep(String label, String task) {
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
