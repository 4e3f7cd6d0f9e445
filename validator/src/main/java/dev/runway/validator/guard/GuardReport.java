package dev.runway.validator.guard;

import dev.runway.model.event.Measurement;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardRule;

/** What a round of sampling has to say to the coordinator. */
public sealed interface GuardReport {

    GuardRule rule();

    /** One sample of one rule: what the source returned, and the same as a measurement. */
    record Sampled(GuardRule rule, Reading reading, Measurement measurement) implements GuardReport {}

    /** A rule's verdict turned to inconclusive, error or failed. */
    record Turned(GuardRule rule, Assessment assessment, Evidence evidence) implements GuardReport {}
}
