package dev.runway.model.guard;

import dev.runway.model.RollbackTrigger;
import java.util.List;

/**
 * "Metric above threshold, sustained for the window", as data: the validator samples the metric
 * every {@code intervalSeconds} and the rule fires once every sample for {@code windowSeconds} has
 * been above the threshold.
 *
 * @param name            how timelines and messages name the rule, e.g. {@code error-rate-immediate}
 * @param threshold       in the metric's unit (a ratio for error rate, seconds for latency)
 * @param windowSeconds   how long the breach must last; 0 fires on the first breaching sample
 * @param intervalSeconds how often the metric is sampled
 */
public record GuardRule(
        String name,
        GuardMetric metric,
        double threshold,
        long windowSeconds,
        long intervalSeconds,
        Severity severity,
        RollbackTrigger trigger) {

    public static final long DEFAULT_INTERVAL_SECONDS = 5;

    /** The runbook's "When to Rollback" list, as far as a metric can express it. */
    public static final List<GuardRule> RUNBOOK_DEFAULTS = List.of(
            new GuardRule(
                    "error-rate-immediate",
                    GuardMetric.ERROR_RATE,
                    0.05,
                    60,
                    DEFAULT_INTERVAL_SECONDS,
                    Severity.IMMEDIATE,
                    RollbackTrigger.ERROR_RATE_SUSTAINED),
            new GuardRule(
                    "error-rate-evaluate",
                    GuardMetric.ERROR_RATE,
                    0.01,
                    300,
                    DEFAULT_INTERVAL_SECONDS,
                    Severity.EVALUATE,
                    RollbackTrigger.ERROR_RATE_ELEVATED),
            new GuardRule(
                    "latency-p99-evaluate",
                    GuardMetric.LATENCY_P99,
                    5.0,
                    600,
                    DEFAULT_INTERVAL_SECONDS,
                    Severity.EVALUATE,
                    RollbackTrigger.LATENCY_ABOVE_THRESHOLD));

    /** Whether a sampled value is on the wrong side of the threshold. NaN never is. */
    public boolean breachedBy(double value) {
        return value > threshold;
    }
}
