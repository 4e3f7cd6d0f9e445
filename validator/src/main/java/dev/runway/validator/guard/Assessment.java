package dev.runway.validator.guard;

/**
 * A rule's verdict so far. Declared from best to worst, in Argo Rollouts' order, so that the worst of
 * several rules is the one with the highest ordinal.
 */
public enum Assessment {
    SUCCESSFUL,
    /** Nothing to judge by (no traffic, NaN): a person must look, it is never a pass. */
    INCONCLUSIVE,
    /** The metric could not be read for more consecutive samples than allowed. */
    ERROR,
    /** The threshold was breached for the whole window. */
    FAILED;

    public Assessment worst(Assessment other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
