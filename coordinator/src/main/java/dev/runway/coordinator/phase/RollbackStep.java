package dev.runway.coordinator.phase;

/** The runbook's Rollback Steps R1 to R5, with configuration restored between application and database. */
public enum RollbackStep {
    DECLARE_ROLLBACK("R1", "Declare rollback"),
    ROLL_BACK_APPLICATION("R2", "Rollback application"),
    RESTORE_CONFIGURATION("R2", "Restore configuration"),
    ROLL_BACK_DATABASE("R3", "Rollback database"),
    VERIFY_ROLLBACK("R4", "Verify rollback"),
    ANNOUNCE_ROLLBACK_COMPLETE("R5", "Announce rollback complete");

    private final String runbookLabel;
    private final String task;

    RollbackStep(String runbookLabel, String task) {
        this.runbookLabel = runbookLabel;
        this.task = task;
    }

    public String runbookLabel() {
        return runbookLabel;
    }

    public String task() {
        return task;
    }
}
