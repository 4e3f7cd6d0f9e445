package dev.runway.validator.guard;

import dev.runway.model.guard.GuardRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule's state after its latest sample: immutable, so {@link SustainedRule#observe} is a pure
 * function of the previous progress and the new reading.
 *
 * @param breachingSince     time of the first sample of the current unbroken breach, or null
 * @param consecutiveErrors  failed queries in a row
 * @param consecutiveNoData  samples without data in a row
 * @param evidence           the readings of the current window, oldest first
 */
public record RuleProgress(
        GuardRule rule,
        Limits limits,
        Instant breachingSince,
        int consecutiveErrors,
        int consecutiveNoData,
        List<Reading> evidence,
        Assessment assessment) {

    /** Readings kept as evidence; enough for a ten-minute window sampled every second. */
    static final int MAX_EVIDENCE = 601;

    public RuleProgress {
        evidence = List.copyOf(evidence);
    }

    public static RuleProgress start(GuardRule rule, Limits limits) {
        return new RuleProgress(rule, limits, null, 0, 0, List.of(), Assessment.SUCCESSFUL);
    }

    /** How long the current breach has lasted at the latest reading; zero when there is none. */
    public Duration breachLasted() {
        if (breachingSince == null || evidence.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(
                breachingSince, evidence.get(evidence.size() - 1).at());
    }

    RuleProgress next(Instant newBreachingSince, int errors, int noData, Reading reading, Assessment newAssessment) {
        Instant keepFrom = reading.at().minusSeconds(rule.windowSeconds() + rule.intervalSeconds());
        List<Reading> kept = new ArrayList<>();
        for (Reading r : evidence) {
            if (!r.at().isBefore(keepFrom)) {
                kept.add(r);
            }
        }
        kept.add(reading);
        if (kept.size() > MAX_EVIDENCE) {
            kept = kept.subList(kept.size() - MAX_EVIDENCE, kept.size());
        }
        return new RuleProgress(rule, limits, newBreachingSince, errors, noData, kept, newAssessment);
    }
}
