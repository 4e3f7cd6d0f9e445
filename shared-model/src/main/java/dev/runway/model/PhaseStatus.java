package dev.runway.model;

/** The "Status" column of the runbook's Appendix B timeline. */
public enum PhaseStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    ROLLED_BACK
}
