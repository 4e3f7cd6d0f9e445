package dev.runway.model.spec;

/**
 * A smoke check's request repeated and timed (runbook Step 7.3): its min, average, p95 and p99 are judged against
 * {@link LatencyThresholds}.
 *
 * @param requests how many times; null for the spec's {@code thresholds.latency.requests} (the runbook's 10)
 */
public record LatencySeries(Integer requests) {}
