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
 */
public record GuardPolicy(
        List<GuardRule> rules,
        Integer decisionTimeoutSeconds,
        DecisionAction onDecisionTimeout,
        Integer hypercareSeconds) {

    public GuardPolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
