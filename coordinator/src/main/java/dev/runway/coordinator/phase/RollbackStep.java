package dev.runway.coordinator.phase;

/**
 * The runbook's Rollback Steps R1 to R5, with configuration restored between application and database, and the caches
 * a release's Phase 6 flushed flushed again once application, configuration and database are back.
 */
public enum RollbackStep implements Stage {
    DECLARE_ROLLBACK("R1", "Declare rollback"),
    ROLL_BACK_APPLICATION("R2", "Rollback application"),
    RESTORE_CONFIGURATION("R2", "Restore configuration"),
    ROLL_BACK_DATABASE("R3", "Rollback database"),
    /**
     * Part of R2 (the application is back only when nothing the release's version put in its caches is served), run
     * after R3 so that no entry read from the release's schema outlives the database rollback.
     */
    FLUSH_CACHES("R2", "Flush caches"),
    VERIFY_ROLLBACK("R4", "Verify rollback"),
    ANNOUNCE_ROLLBACK_COMPLETE("R5", "Announce rollback complete");

    private final String label;
    private final String task;

    RollbackStep(String label, String task) {
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
