package dev.runway.model.spec;

/** What a person decides when a guard of "EVALUATE ROLLBACK" severity fired, or what the timeout decides for them. */
public enum DecisionAction {
    /** Run the runbook's rollback, R1 to R5. */
    ROLLBACK,
    /** Accept the measured state and let the release go on. */
    CONTINUE
}
