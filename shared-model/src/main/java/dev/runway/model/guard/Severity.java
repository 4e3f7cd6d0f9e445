package dev.runway.model.guard;

/** The runbook's "When to Rollback" levels for a breached rule. */
public enum Severity {
    /** "IMMEDIATE ROLLBACK REQUIRED": the coordinator rolls back at once. */
    IMMEDIATE,
    /** "EVALUATE ROLLBACK": a person decides. */
    EVALUATE
}
