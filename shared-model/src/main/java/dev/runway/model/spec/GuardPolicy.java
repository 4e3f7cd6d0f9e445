package dev.runway.model.spec;

import dev.runway.model.guard.GuardRule;
import java.util.List;

/**
 * How a release tightens the runbook's guards. Every field is optional.
 *
 * @param rules                  a rule named like one of {@link GuardRule#RUNBOOK_DEFAULTS} replaces it; any other
 *                               name adds a rule. An "IMMEDIATE ROLLBACK" default may only be tightened.
 * @param decisionTimeoutSeconds how long a person has to decide after an "EVALUATE" rule fired; null for the
 *                               coordinator's default (15 minutes)
 * @param onDecisionTimeout      what the timeout decides; null for {@link DecisionAction#ROLLBACK}
 * @param hypercareSeconds       how long the guards keep watching after completion; null for the coordinator's
 *                               default (30 minutes), 0 for none
 * @param observationSeconds     how long Phase 8 (Monitoring Validation) watches the guards' samples before it may
 *                               pass; null for the coordinator's default (the runbook's 5 minutes)
 */
public record GuardPolicy(
        List<GuardRule> rules,
        Integer decisionTimeoutSeconds,
        DecisionAction onDecisionTimeout,
        Integer hypercareSeconds,
        Integer observationSeconds) {

    public GuardPolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A policy that leaves the observation period to the coordinator, as specs written before it did. */
    public GuardPolicy(
            List<GuardRule> rules,
            Integer decisionTimeoutSeconds,
            DecisionAction onDecisionTimeout,
            Integer hypercareSeconds) {
        this(rules, decisionTimeoutSeconds, onDecisionTimeout, hypercareSeconds, null);
    }
}
