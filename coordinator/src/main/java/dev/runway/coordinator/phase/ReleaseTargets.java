package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a release goes: resolved from the coordinator's configuration for its application and environment when the
 * release starts, and stored with it, so a configuration change cannot move a release that is already running.
 *
 * @param serviceUrl      where the application answers; health paths and the spec's smoke paths are relative to it
 * @param database        the migrator's name for the only database the release's migrations may change; null when
 *                        the environment allows no migrations
 * @param configMap       the only ConfigMap the release's configuration change may write; null when none is allowed
 * @param caches          cleared in Phase 6; empty when there is no caching layer (the phase is skipped)
 * @param imageRepository {@code registry-host[:port]/path}: the only repository the release's image may come from
 * @param publicEndpoint  where users reach the application, checked in Phase 5 (certificate, redirect, HSTS); null
 *                        when none is configured, and for releases stored before it existed
 * @param dependencies    what pre-flight and Phase 9 measure around the application: its database's limits and its
 *                        PagerDuty service; null for releases stored before it existed (those checks are then said not
 *                        to have run)
 * @param routing         how traffic reaches the Deployment (its Service, the load balancer's target group), checked
 *                        in Phase 5; null for releases stored before it existed, read as the Service named like the
 *                        Deployment and no target group
 * @param monitoring      the SLOs, alert rules, error budget and resource tolerances checked through the environment's
 *                        Prometheus (pre-flight, Phases 8 and 9); null when the environment has none configured, and
 *                        for releases stored before it existed
 */
public record ReleaseTargets(
        KubernetesTarget kubernetes,
        String serviceUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String database,
        @JsonInclude(JsonInclude.Include.NON_NULL) String configMap,
        List<CacheTarget> caches,
        String imageRepository,
        NotificationTargets notifications,
        @JsonInclude(JsonInclude.Include.NON_NULL) PublicEndpoint publicEndpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) Dependencies dependencies,
        @JsonInclude(JsonInclude.Include.NON_NULL) Routing routing,
        @JsonInclude(JsonInclude.Include.NON_NULL) Monitoring monitoring,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integrations integrations) {

    /** Targets without external integrations to check in Phase 9 (Step 9.3), as releases stored before them read back. */
    public ReleaseTargets(
            KubernetesTarget kubernetes,
            String serviceUrl,
            String database,
            String configMap,
            List<CacheTarget> caches,
            String imageRepository,
            NotificationTargets notifications,
            PublicEndpoint publicEndpoint,
            Dependencies dependencies,
            Routing routing,
            Monitoring monitoring) {
        this(
                kubernetes,
                serviceUrl,
                database,
                configMap,
                caches,
                imageRepository,
                notifications,
                publicEndpoint,
                dependencies,
                routing,
                monitoring,
                null);
    }

    /** Targets without a public endpoint: Phase 5 then says it did not check TLS and HTTPS. */
    public ReleaseTargets(
            KubernetesTarget kubernetes,
            String serviceUrl,
            String database,
            String configMap,
            List<CacheTarget> caches,
            String imageRepository,
            NotificationTargets notifications) {
        this(
                kubernetes,
                serviceUrl,
                database,
                configMap,
                caches,
                imageRepository,
                notifications,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * Targets without the database and incident checks' settings, whose traffic comes through the Service named like the
     * Deployment, without a target group, and without Prometheus checks.
     */
    public ReleaseTargets(
            KubernetesTarget kubernetes,
            String serviceUrl,
            String database,
            String configMap,
            List<CacheTarget> caches,
            String imageRepository,
            NotificationTargets notifications,
            PublicEndpoint publicEndpoint) {
        this(
                kubernetes,
                serviceUrl,
                database,
                configMap,
                caches,
                imageRepository,
                notifications,
                publicEndpoint,
                null,
                null,
                null,
                null);
    }

    public ReleaseTargets {
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(imageRepository, "imageRepository");
        Objects.requireNonNull(notifications, "notifications");
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    public boolean hasCaches() {
        return !caches.isEmpty();
    }

    public Optional<PublicEndpoint> publicEndpointIfAny() {
        return Optional.ofNullable(publicEndpoint);
    }

    public Optional<Dependencies> dependenciesIfAny() {
        return Optional.ofNullable(dependencies);
    }

    /**
     * What pre-flight and Phase 9 measure besides the application itself.
     *
     * @param database           the limits of {@link ReleaseTargets#database()}'s health checks; null when no database
     *                           is named
     * @param pagerDutyServiceId PagerDuty's id of the application's service, whose open incidents hold a release at
     *                           pre-flight; null when none is configured
     */
    public record Dependencies(
            @JsonInclude(JsonInclude.Include.NON_NULL) DatabaseLimits database,
            @JsonInclude(JsonInclude.Include.NON_NULL) String pagerDutyServiceId) {}

    /**
     * The runbook's database thresholds, configurable per application and environment.
     *
     * @param maxConnectionsPercent       pre-flight: the server's connections must stay below this share of
     *                                    {@code max_connections}
     * @param slowQuerySeconds            a query active for longer is slow (the runbook's 5 s)
     * @param maxSizeBytes                pre-flight's disk headroom: {@code pg_database_size} must stay below it; null
     *                                    when no limit is configured (the size is then not checked)
     * @param connectionsTolerancePercent Phase 9: how far above the pre-flight baseline the database's connections may
     *                                    be, as a share of it
     * @param connectionsToleranceMinimum ... and at least this many connections above it
     */
    public record DatabaseLimits(
            int maxConnectionsPercent,
            long slowQuerySeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long maxSizeBytes,
            int connectionsTolerancePercent,
            int connectionsToleranceMinimum) {}
    /** The configured routing, or for a release stored before it existed the Service named like the Deployment. */
    public Routing routingOrDefault() {
        return routing != null ? routing : new Routing(kubernetes.deployment(), null);
    }

    /**
     * How traffic reaches the Deployment, checked in Phase 5 (Steps 5.1 and 5.2).
     *
     * @param service        the Kubernetes Service in front of the Deployment, in its namespace
     * @param targetGroupArn the ELBv2 target group the load balancer sends the application's traffic to; null when the
     *                       environment has none (Phase 5 then says target health was not checked)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Routing(String service, String targetGroupArn) {

        public Routing {
            Objects.requireNonNull(service, "service");
        }

        public Optional<String> targetGroupArnIfAny() {
            return Optional.ofNullable(targetGroupArn);
        }
    }

    public Optional<Monitoring> monitoringIfAny() {
        return Optional.ofNullable(monitoring);
    }

    public Optional<Integrations> integrationsIfAny() {
        return Optional.ofNullable(integrations);
    }

    /**
     * Step 9.3: the external integrations Phase 9 asks the application about, each at its own health URL.
     *
     * @param names      the integrations, e.g. {@code payments}
     * @param healthPath the application's health path of one, {@code {name}} filled in (the runbook's
     *                   {@code /api/v1/integrations/{name}/health})
     * @param credential the validator's name for the credential the path needs; null for none
     */
    public record Integrations(
            List<String> names,
            String healthPath,
            @JsonInclude(JsonInclude.Include.NON_NULL) String credential) {

        public Integrations {
            names = List.copyOf(names);
            Objects.requireNonNull(healthPath, "healthPath");
        }

        /** The path of one integration's health. */
        public String pathOf(String name) {
            return healthPath.replace("{name}", name);
        }
    }

    /**
     * What the validator measures through the environment's Prometheus, with the runbook's thresholds by default.
     *
     * @param sloWindowSeconds         Phase 8's SLOs are read over this range (Step 7.4's "last 5 minutes")
     * @param availabilityMinPercent   Step 8.4: at least 99.9
     * @param errorRateMaxPercent      Step 8.4: below 0.1
     * @param latencyP95MaxMillis      Step 8.4: below 500
     * @param latencyP99MaxMillis      Step 8.4: below 1000
     * @param alertRules               Step 8.3: the alert rules that must be loaded; empty when none are named (then
     *                                 not checked)
     * @param errorBudget              whether pre-flight reads the error budget (needs the error ratio over its window)
     * @param objectivePercent         the availability SLO whose error budget pre-flight reads
     * @param errorBudgetWindowSeconds the SLO's window (30 days)
     * @param errorBudgetMinPercent    Step 8.4: more than 90 left
     * @param resources                whether CPU and memory are measured before the rollout and compared in Phase 9
     * @param resourceWindowSeconds    the CPU rate's range; short enough that Phase 9 reads only the new pods
     * @param cpuTolerancePercent      Step 9.1: within 20 of the baseline
     * @param memoryTolerancePercent   Step 9.1: within 10 of the baseline
     */
    public record Monitoring(
            long sloWindowSeconds,
            double availabilityMinPercent,
            double errorRateMaxPercent,
            double latencyP95MaxMillis,
            double latencyP99MaxMillis,
            List<String> alertRules,
            boolean errorBudget,
            double objectivePercent,
            long errorBudgetWindowSeconds,
            double errorBudgetMinPercent,
            boolean resources,
            long resourceWindowSeconds,
            double cpuTolerancePercent,
            double memoryTolerancePercent) {

        public Monitoring {
            alertRules = alertRules == null ? List.of() : List.copyOf(alertRules);
        }
    }

    /**
     * The URL users reach, and the runbook's Step 5.3 and 5.4 thresholds for it.
     *
     * @param httpsUrl             {@code https://...}: its certificate and its HSTS header are checked
     * @param httpUrl              {@code http://...}: must answer 301 to an https:// location
     * @param tlsMinValidDays      the certificate must stay valid for more than this many days
     * @param hstsMinMaxAgeSeconds the least Strict-Transport-Security max-age accepted
     */
    public record PublicEndpoint(String httpsUrl, String httpUrl, int tlsMinValidDays, long hstsMinMaxAgeSeconds) {

        public PublicEndpoint {
            if (!httpsUrl.startsWith("https://")) {
                throw new IllegalArgumentException("a public URL is https://, not " + httpsUrl);
            }
            if (!httpUrl.startsWith("http://")) {
                throw new IllegalArgumentException("the public URL's http:// form is http://, not " + httpUrl);
            }
        }
    }
}
