package dev.runway.model;

/** The runbook's "When to Rollback" list, plus the failures of a step that made a change. */
public enum RollbackTrigger {
    /** Any of /health, /ready, /live answered other than HTTP 200. */
    HEALTH_CHECK_FAILED(true),
    /** No answer at all from the application. */
    APPLICATION_UNRESPONSIVE(true),
    /** Error rate above 5% for more than a minute. */
    ERROR_RATE_SUSTAINED(true),
    DATABASE_CORRUPTION(true),
    SECURITY_INCIDENT(true),
    /** /health reports a version other than the one deployed. */
    VERSION_MISMATCH(false),
    /** Fewer smoke checks passed than the pass-rate threshold (95%: 19 of 20). */
    SMOKE_TESTS_BELOW_THRESHOLD(false),
    /** Error rate above 1% for more than five minutes. */
    ERROR_RATE_ELEVATED(false),
    /** Response time above the release's limit. */
    LATENCY_ABOVE_THRESHOLD(false),
    /** /metrics does not answer in Prometheus format. */
    METRICS_UNAVAILABLE(false),
    /**
     * The public URL's certificate chain does not validate, or its certificate expires within the environment's
     * minimum (the runbook's 30 days). Added within version 1.
     */
    TLS_CERTIFICATE_INVALID(false),
    /**
     * HTTP does not answer 301 to HTTPS, or HTTPS answers without a Strict-Transport-Security max-age of a year.
     * Added within version 1.
     */
    HTTPS_NOT_ENFORCED(false),
    /**
     * The application's database did not answer {@code SELECT 1}, or its connections, slow queries or size passed their
     * thresholds (pre-flight), or its connections left the pre-flight baseline or new slow queries appeared (Phase 9).
     * Added within version 1.
     */
    DATABASE_UNHEALTHY(false),
    /**
     * PagerDuty shows a triggered or acknowledged incident on the application's service, or could not say whether it
     * does. Added within version 1.
     */
    INCIDENT_OPEN(false),
    // Prometheus checks (issue 8), added within version 1
    /** Availability below the SLO (the runbook's 99.9%) over Phase 8's window. */
    AVAILABILITY_BELOW_SLO(false),
    /** An alert rule the environment names is not loaded in Prometheus, or fails to evaluate. */
    ALERT_RULES_MISSING(false),
    /** Less of the error budget left than the environment's minimum (the runbook's 90%). */
    ERROR_BUDGET_EXHAUSTED(false),
    /** The new pods' CPU or memory outside the runbook's tolerance around the pre-flight baseline (20% / 10%). */
    RESOURCES_OUTSIDE_BASELINE(false),
    /**
     * An external integration the environment names answered its health URL as not connected, or too slowly (Step
     * 9.3: "evaluate if related to deployment"). Added within version 1.
     */
    INTEGRATION_UNHEALTHY(false),
    /**
     * Step 8.3: the test alert did not arrive at PagerDuty as an incident within the limit (the runbook's 5 seconds),
     * so nobody would be paged about this release. Added within version 1.
     */
    ALERT_NOT_DELIVERED(false),
    /** A worker could not carry out its step (migration error, rollout timeout, digest mismatch). */
    STEP_FAILED(true),
    /** The runbook's maximum deployment duration passed. */
    MAXIMUM_DURATION_EXCEEDED(true),
    /** The runbook's manual rollback authority: a deployment lead and an engineering manager both asked for it. */
    MANUAL(true),
    // Cluster and load balancer (added within version 1)
    /** Pre-flight: a node of the cluster is not Ready, or a pod of the namespace is outside Running/Succeeded. */
    CLUSTER_NOT_READY(false),
    /** Step 5.1: the Service has fewer (or more) ready endpoint addresses than the Deployment has ready replicas. */
    ENDPOINTS_NOT_READY(false),
    /** Step 5.2: a target of the load balancer's target group is not healthy ("EVALUATE ROLLBACK"). */
    TARGETS_UNHEALTHY(false),
    /** Steps 3.5 and 9: a container of the release's pods restarted ("Evaluate rollback decision"). */
    PODS_RESTARTED(false);

    private final boolean immediate;

    RollbackTrigger(boolean immediate) {
        this.immediate = immediate;
    }

    /**
     * True for the runbook's "IMMEDIATE ROLLBACK REQUIRED" list; false for "EVALUATE ROLLBACK".
     * Runway rolls back on both, and says which it was.
     */
    public boolean immediate() {
        return immediate;
    }
}
