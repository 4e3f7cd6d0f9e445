package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The runbook's numbers, overridable per release.
 *
 * @param maxDurationMinutes     abort past this (runbook: 60)
 * @param rolloutTimeoutSeconds  {@code kubectl rollout status --timeout} (runbook: 10m)
 * @param migrationTimeoutSeconds runbook Step 2.3: 600
 * @param smokePassRatePercent   runbook Step 7.1: 95 (19 of 20)
 * @param maxResponseTimeMillis  runbook Step 7.3: no request slower than 500 ms
 * @param latency                runbook Step 7.3's latency series; null for the runbook's numbers. Optional, added
 *     within version 1.
 */
public record Thresholds(
        int maxDurationMinutes,
        int rolloutTimeoutSeconds,
        int migrationTimeoutSeconds,
        int smokePassRatePercent,
        long maxResponseTimeMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) LatencyThresholds latency) {

    public static final Thresholds RUNBOOK_DEFAULTS = new Thresholds(60, 600, 600, 95, 500);

    /** Thresholds with the runbook's latency-series numbers, as specs wrote them before those. */
    public Thresholds(
            int maxDurationMinutes,
            int rolloutTimeoutSeconds,
            int migrationTimeoutSeconds,
            int smokePassRatePercent,
            long maxResponseTimeMillis) {
        this(
                maxDurationMinutes,
                rolloutTimeoutSeconds,
                migrationTimeoutSeconds,
                smokePassRatePercent,
                maxResponseTimeMillis,
                null);
    }

    /** The latency series' numbers, each the runbook's where this release names none. */
    public LatencyThresholds latencyOrDefaults() {
        return latency == null ? LatencyThresholds.RUNBOOK_DEFAULTS : latency.orDefaults();
    }
}
