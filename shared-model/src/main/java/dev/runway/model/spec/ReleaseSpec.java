package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a release lead submits to start a release: the runbook's placeholders filled in. Who requests it and who votes
 * GO or NO-GO are not part of it: the coordinator takes both from the callers' tokens. Names of
 * databases, caches, chat channels and PagerDuty services refer to entries in the workers'
 * configuration, so no credential ever travels in a spec, a command or an event.
 *
 * @param database      null when the release has no schema change (the runbook's Phase 2 is skipped)
 * @param configuration null when the release changes no configuration (Phase 4 is skipped)
 * @param caches        empty when there is no caching layer (Phase 6 is skipped)
 * @param thresholds    null for the runbook's defaults
 * @param notifications null for the workers' default channel and service
 * @param guards        null for the runbook's guard rules and the coordinator's decision and hypercare defaults
 */
public record ReleaseSpec(
        String application,
        String environment,
        String version,
        ImageSpec image,
        KubernetesTarget kubernetes,
        ServiceTarget service,
        DatabaseChange database,
        ConfigurationChange configuration,
        List<CacheTarget> caches,
        List<SmokeCheck> smokeChecks,
        Thresholds thresholds,
        NotificationTargets notifications,
        @JsonInclude(JsonInclude.Include.NON_NULL) GuardPolicy guards) {

    public ReleaseSpec {
        caches = caches == null ? List.of() : List.copyOf(caches);
        smokeChecks = smokeChecks == null ? List.of() : List.copyOf(smokeChecks);
    }

    /** A release with the runbook's guards. */
    public ReleaseSpec(
            String application,
            String environment,
            String version,
            ImageSpec image,
            KubernetesTarget kubernetes,
            ServiceTarget service,
            DatabaseChange database,
            ConfigurationChange configuration,
            List<CacheTarget> caches,
            List<SmokeCheck> smokeChecks,
            Thresholds thresholds,
            NotificationTargets notifications) {
        this(
                application,
                environment,
                version,
                image,
                kubernetes,
                service,
                database,
                configuration,
                caches,
                smokeChecks,
                thresholds,
                notifications,
                null);
    }

    /** The same release with other guards. */
    public ReleaseSpec withGuards(GuardPolicy newGuards) {
        return new ReleaseSpec(
                application,
                environment,
                version,
                image,
                kubernetes,
                service,
                database,
                configuration,
                caches,
                smokeChecks,
                thresholds,
                notifications,
                newGuards);
    }

    /** The same release with other smoke checks. */
    public ReleaseSpec withSmokeChecks(List<SmokeCheck> newSmokeChecks) {
        return new ReleaseSpec(
                application,
                environment,
                version,
                image,
                kubernetes,
                service,
                database,
                configuration,
                caches,
                newSmokeChecks,
                thresholds,
                notifications,
                guards);
    }

    public Thresholds thresholdsOrDefaults() {
        return thresholds == null ? Thresholds.RUNBOOK_DEFAULTS : thresholds;
    }

    public NotificationTargets notificationsOrDefaults() {
        return notifications == null ? NotificationTargets.DEFAULTS : notifications;
    }

    public boolean hasMigrations() {
        return database != null && !database.migrations().isEmpty();
    }

    public boolean hasConfigurationChange() {
        return configuration != null && !configuration.data().isEmpty();
    }

    public boolean hasCacheTargets() {
        return !caches.isEmpty();
    }
}
