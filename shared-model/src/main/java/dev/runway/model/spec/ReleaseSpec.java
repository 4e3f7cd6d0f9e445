package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a release lead submits to start a release: which version of which application goes to which environment,
 * and what changes with it. Where it goes (namespace, Deployment, service URL, database, ConfigMap, caches, registry,
 * chat channel, PagerDuty service) is configured on the coordinator per application and environment, so a spec
 * cannot point a worker at another host or database, and no credential ever travels in a spec, a command or an
 * event. Who requests it and who votes GO or NO-GO are not part of it either: the coordinator takes both from the
 * callers' tokens.
 *
 * @param image         the digest to roll out; its repository may be left out (the configured one)
 * @param migrations    empty when the release has no schema change (the runbook's Phase 2 is skipped)
 * @param configuration null when the release changes no configuration (Phase 4 is skipped)
 * @param smokeChecks   paths on the application's configured service URL (Phase 7)
 * @param thresholds    null for the runbook's defaults
 * @param guards        null for the runbook's guard rules and the coordinator's decision and hypercare defaults
 * @param verification  null when the release adds nothing to what the migrator always verifies after its migrations
 *                      (Steps 2.4 and 2.5); only with migrations. Added within version 1
 */
public record ReleaseSpec(
        String application,
        String environment,
        String version,
        ImageSpec image,
        List<Migration> migrations,
        ConfigurationChange configuration,
        List<SmokeCheck> smokeChecks,
        Thresholds thresholds,
        @JsonInclude(JsonInclude.Include.NON_NULL) GuardPolicy guards,
        @JsonInclude(JsonInclude.Include.NON_NULL) DatabaseVerification verification) {

    public ReleaseSpec {
        migrations = migrations == null ? List.of() : List.copyOf(migrations);
        smokeChecks = smokeChecks == null ? List.of() : List.copyOf(smokeChecks);
    }

    /** A release without checks of its own after the migrations, as specs were before {@code verification}. */
    public ReleaseSpec(
            String application,
            String environment,
            String version,
            ImageSpec image,
            List<Migration> migrations,
            ConfigurationChange configuration,
            List<SmokeCheck> smokeChecks,
            Thresholds thresholds,
            GuardPolicy guards) {
        this(
                application,
                environment,
                version,
                image,
                migrations,
                configuration,
                smokeChecks,
                thresholds,
                guards,
                null);
    }

    /** The same release with other guards. */
    public ReleaseSpec withGuards(GuardPolicy newGuards) {
        return new ReleaseSpec(
                application,
                environment,
                version,
                image,
                migrations,
                configuration,
                smokeChecks,
                thresholds,
                newGuards,
                verification);
    }

    /** The same release with other smoke checks. */
    public ReleaseSpec withSmokeChecks(List<SmokeCheck> newSmokeChecks) {
        return new ReleaseSpec(
                application,
                environment,
                version,
                image,
                migrations,
                configuration,
                newSmokeChecks,
                thresholds,
                guards,
                verification);
    }

    public Thresholds thresholdsOrDefaults() {
        return thresholds == null ? Thresholds.RUNBOOK_DEFAULTS : thresholds;
    }

    public boolean hasMigrations() {
        return !migrations.isEmpty();
    }

    public boolean hasConfigurationChange() {
        return configuration != null && !configuration.data().isEmpty();
    }
}
