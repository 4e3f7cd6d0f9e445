package dev.runway.model;

/** The runbook's phases, in the order a release runs them. */
public enum Phase {
    /** T-24h: code, artifacts and production environment health. */
    PRE_FLIGHT_CHECKS("Pre-Deploy", "Pre-flight checks"),
    /** T-15m: consensus of the four roles. */
    GO_NO_GO("Pre-Deploy", "Go/No-Go decision"),
    /** Phase 1: announce, final health check, code freeze. */
    DEPLOYMENT_START("Phase 1", "Deployment start"),
    /** Phase 2: restore point, migrations, schema version. Skipped without migrations. */
    DATABASE_MIGRATION("Phase 2", "Database migration"),
    /** Phase 3: image digest, set image, rolling update. */
    APPLICATION_DEPLOYMENT("Phase 3", "Application deployment"),
    /** Phase 4: ConfigMap backup, apply, rolling restart. Skipped without configuration changes. */
    CONFIGURATION_UPDATE("Phase 4", "Configuration update"),
    /** Phase 5: health, readiness, liveness, deployed version. */
    SERVICE_VALIDATION("Phase 5", "Service validation"),
    /** Phase 6: application caches. Skipped without cache targets. */
    CACHE_INVALIDATION("Phase 6", "Cache invalidation"),
    /** Phase 7: the release's smoke checks against the pass-rate threshold. */
    SMOKE_TESTING("Phase 7", "Smoke testing"),
    /** Phase 8: metrics are exposed in Prometheus format. */
    MONITORING_VALIDATION("Phase 8", "Monitoring validation"),
    /** Phase 9: health and version once more, after everything else. */
    POST_DEPLOYMENT_VERIFICATION("Phase 9", "Post-deploy verification"),
    /** Phase 10: log, announce, lift the code freeze. */
    DEPLOYMENT_COMPLETION("Phase 10", "Deployment completion");

    private final String runbookLabel;
    private final String task;

    Phase(String runbookLabel, String task) {
        this.runbookLabel = runbookLabel;
        this.task = task;
    }

    /** The "Phase" column of the runbook's Appendix B timeline. */
    public String runbookLabel() {
        return runbookLabel;
    }

    /** The "Task" column of the runbook's Appendix B timeline. */
    public String task() {
        return task;
    }
}
