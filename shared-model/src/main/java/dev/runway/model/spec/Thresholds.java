package dev.runway.model.spec;

/**
 * The runbook's numbers, overridable per release.
 *
 * @param maxDurationMinutes     abort past this (runbook: 60)
 * @param rolloutTimeoutSeconds  {@code kubectl rollout status --timeout} (runbook: 10m)
 * @param migrationTimeoutSeconds runbook Step 2.3: 600
 * @param smokePassRatePercent   runbook Step 7.1: 95 (19 of 20)
 * @param maxResponseTimeMillis  runbook Step 7.3: no request slower than 500 ms
 */
public record Thresholds(
        int maxDurationMinutes,
        int rolloutTimeoutSeconds,
        int migrationTimeoutSeconds,
        int smokePassRatePercent,
        long maxResponseTimeMillis) {

    public static final Thresholds RUNBOOK_DEFAULTS = new Thresholds(60, 600, 600, 95, 500);
}
