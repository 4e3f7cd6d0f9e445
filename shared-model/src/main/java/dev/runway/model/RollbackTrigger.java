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
    // Prometheus checks (issue 8), added within version 1
    /** Availability below the SLO (the runbook's 99.9%) over Phase 8's window. */
    AVAILABILITY_BELOW_SLO(false),
    /** An alert rule the environment names is not loaded in Prometheus, or fails to evaluate. */
    ALERT_RULES_MISSING(false),
    /** Less of the error budget left than the environment's minimum (the runbook's 90%). */
    ERROR_BUDGET_EXHAUSTED(false),
    /** The new pods' CPU or memory outside the runbook's tolerance around the pre-flight baseline (20% / 10%). */
    RESOURCES_OUTSIDE_BASELINE(false),
    /** A worker could not carry out its step (migration error, rollout timeout, digest mismatch). */
    STEP_FAILED(true),
    /** The runbook's maximum deployment duration passed. */
    MAXIMUM_DURATION_EXCEEDED(true),
    /** The runbook's manual rollback authority: a deployment lead and an engineering manager both asked for it. */
    MANUAL(true);

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
