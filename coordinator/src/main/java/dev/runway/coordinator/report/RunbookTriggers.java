package dev.runway.coordinator.report;

import dev.runway.model.RollbackTrigger;

/** What each rollback trigger means in the runbook's words ("When to Rollback"), or in Runway's where it has none. */
final class RunbookTriggers {

    private RunbookTriggers() {}

    /** The runbook's list the trigger belongs to. */
    static String category(RollbackTrigger trigger) {
        return trigger.immediate() ? "IMMEDIATE ROLLBACK REQUIRED" : "EVALUATE ROLLBACK";
    }

    static String words(RollbackTrigger trigger) {
        return switch (trigger) {
            case HEALTH_CHECK_FAILED -> "Health checks failing (any endpoint non-200)";
            case APPLICATION_UNRESPONSIVE -> "Application completely unresponsive";
            case ERROR_RATE_SUSTAINED -> "Error rate >5% sustained for >1 minute";
            case DATABASE_CORRUPTION -> "Database corruption detected";
            case SECURITY_INCIDENT -> "Security incident detected";
            case SMOKE_TESTS_BELOW_THRESHOLD -> "Smoke tests <19/20 passing (95% threshold)";
            case ERROR_RATE_ELEVATED -> "Error rate >1% sustained for >5 minutes";
            case LATENCY_ABOVE_THRESHOLD -> "p99 latency >5s sustained for >10 minutes";
            case MANUAL -> "Manual rollback authority: Deployment Lead + Engineering Manager";
            case MAXIMUM_DURATION_EXCEEDED -> "Maximum Deployment Duration: 60 minutes (abort if exceeded)";
            case VERSION_MISMATCH -> "Version verification failed: /health reports another version than deployed";
            case METRICS_UNAVAILABLE -> "Metrics not exposed in Prometheus format (Phase 8)";
            case TLS_CERTIFICATE_INVALID -> "TLS certificate invalid or expiring within the minimum (Phase 5)";
            case HTTPS_NOT_ENFORCED -> "HTTPS redirect or HSTS missing (Phase 5)";
            case DATABASE_UNHEALTHY -> "Database unhealthy: connections, slow queries or size past their thresholds";
            case INCIDENT_OPEN -> "An incident is open on the application's PagerDuty service (pre-flight)";
            case AVAILABILITY_BELOW_SLO -> "Availability below the SLO (99.9%) over Phase 8's window";
            case ALERT_RULES_MISSING -> "An alert rule is not loaded in Prometheus or fails to evaluate (Phase 8)";
            case ERROR_BUDGET_EXHAUSTED -> "Less error budget left than the minimum (90%)";
            case RESOURCES_OUTSIDE_BASELINE -> "CPU or memory outside the baseline (±20% / ±10%, Phase 9)";
            case INTEGRATION_UNHEALTHY -> "An external integration not connected or too slow (Step 9.3)";
            case ALERT_NOT_DELIVERED -> "The test alert did not reach PagerDuty within 5 seconds (Step 8.3)";
            case STEP_FAILED -> "A step that changed production failed (migration error, rollout timeout, NO-GO)";
            case CLUSTER_NOT_READY -> "A cluster node not Ready, or a pod outside Running/Succeeded (pre-flight)";
            case ENDPOINTS_NOT_READY -> "Service endpoints do not match the ready replicas (Step 5.1)";
            case TARGETS_UNHEALTHY -> "Load balancer targets not healthy within 2 minutes (Step 5.2)";
            case PODS_RESTARTED -> "A container of the release's pods restarted (Steps 3.5 and 9)";
        };
    }
}
