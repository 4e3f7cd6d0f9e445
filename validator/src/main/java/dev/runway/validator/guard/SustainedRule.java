package dev.runway.validator.guard;

import dev.runway.model.guard.GuardRule;
import java.time.Duration;

/**
 * "Above the threshold for the whole window" as a pure function of the previous progress and one new
 * reading, so that every timing rule is tested with made-up times rather than by waiting.
 *
 * <p>A breach is sustained only while it is seen: a sample below the threshold, without data or with a
 * failed query ends the current breach, and the window starts again at the next breaching sample. A
 * rule therefore fires at the first sample taken at least one window after the first breaching one,
 * which is within one sampling interval of the window's end.
 */
public final class SustainedRule {

    private SustainedRule() {}

    public static RuleProgress observe(RuleProgress progress, Reading reading) {
        GuardRule rule = progress.rule();
        Limits limits = progress.limits();
        if (reading.failed()) {
            int errors = progress.consecutiveErrors() + 1;
            Assessment assessment = errors > limits.consecutiveErrors() ? Assessment.ERROR : Assessment.SUCCESSFUL;
            return progress.next(null, errors, progress.consecutiveNoData(), reading, assessment);
        }
        if (!reading.hasValue()) {
            int noData = progress.consecutiveNoData() + 1;
            Assessment assessment =
                    noData > limits.consecutiveNoData() ? Assessment.INCONCLUSIVE : Assessment.SUCCESSFUL;
            return progress.next(null, 0, noData, reading, assessment);
        }
        if (!rule.breachedBy(reading.value())) {
            return progress.next(null, 0, 0, reading, Assessment.SUCCESSFUL);
        }
        var since = progress.breachingSince() == null ? reading.at() : progress.breachingSince();
        boolean sustained =
                Duration.between(since, reading.at()).compareTo(Duration.ofSeconds(rule.windowSeconds())) >= 0;
        return progress.next(since, 0, 0, reading, sustained ? Assessment.FAILED : Assessment.SUCCESSFUL);
    }
}
