package dev.runway.model.spec;

/**
 * The runbook's Step 7.3 numbers for a latency series: "Min &lt;0.100s, Avg &lt;0.200s, Max &lt;0.500s" and "if p95
 * &gt;0.500s or p99 &gt;1.000s, evaluate". Each field is optional: null takes the runbook's value.
 *
 * @param requests  how many requests a series sends where its check names no number (runbook: 10)
 * @param minMillis the fastest request at most this (runbook: 100)
 * @param avgMillis the mean at most this (runbook: 200)
 * @param p95Millis the 95th percentile at most this (runbook: 500)
 * @param p99Millis the 99th percentile at most this (runbook: 1000)
 */
public record LatencyThresholds(Integer requests, Long minMillis, Long avgMillis, Long p95Millis, Long p99Millis) {

    public static final LatencyThresholds RUNBOOK_DEFAULTS = new LatencyThresholds(10, 100L, 200L, 500L, 1_000L);

    /** Each field this one leaves out, from the runbook. */
    public LatencyThresholds orDefaults() {
        LatencyThresholds d = RUNBOOK_DEFAULTS;
        return new LatencyThresholds(
                requests == null ? d.requests : requests,
                minMillis == null ? d.minMillis : minMillis,
                avgMillis == null ? d.avgMillis : avgMillis,
                p95Millis == null ? d.p95Millis : p95Millis,
                p99Millis == null ? d.p99Millis : p99Millis);
    }
}
