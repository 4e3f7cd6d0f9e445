package dev.runway.model.guard;

/** Why a guard rule reported: what its verdict turned to. */
public enum Verdict {
    /** The threshold was breached for the whole window: act by the rule's severity. */
    FAILED,
    /** The metric could not be read for several samples in a row: act as for FAILED, nothing is known. */
    ERROR,
    /** No data (no traffic, NaN): record it and go on; nothing was judged. */
    INCONCLUSIVE
}
