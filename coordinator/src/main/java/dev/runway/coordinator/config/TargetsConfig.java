package dev.runway.coordinator.config;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Where each application's releases go, per environment: {@code runway.targets."<application>"."<environment>".*}.
 * A release spec names only its application and environment; everything a worker is pointed at comes from here.
 */
@ConfigMapping(prefix = "runway.targets")
public interface TargetsConfig {

    /** By application, then by environment. */
    @WithParentName
    Map<String, Map<String, Target>> applications();

    /** The targets of {@code application} in {@code environment}, if any are configured. */
    default Optional<ReleaseTargets> of(String application, String environment) {
        return Optional.ofNullable(applications().get(application))
                .map(environments -> environments.get(environment))
                .map(Target::toReleaseTargets);
    }

    interface Target {
        /** The Kubernetes namespace of the application's Deployment. */
        String namespace();

        /** The Deployment a release rolls out. */
        String deployment();

        /** The container whose image a release sets. */
        String container();

        /** Where the application answers, e.g. {@code https://shop.internal}; checks and smoke paths append to it. */
        String serviceUrl();

        /** The migrator's name for the database releases may migrate; without it a spec with migrations is refused. */
        Optional<String> database();

        /** The ConfigMap releases may change; without it a spec with a configuration change is refused. */
        Optional<String> configMap();

        /** The caches cleared in Phase 6, by the rollout-agent's name for them; none skips the phase. */
        Map<String, Cache> caches();

        /** The only registry host ({@code host[:port]}) images may come from. */
        String registry();

        /** The only repository on {@link #registry()} images may come from, e.g. {@code shop}. */
        String repository();

        /**
         * The https:// URL users reach, e.g. {@code https://shop.example/}. Phase 5 checks its certificate (chain and
         * remaining validity), that its http:// form answers 301 to HTTPS, and its HSTS header; without it, Phase 5
         * says those were not checked.
         */
        Optional<@WithConverter(HttpsUrl.class) String> publicUrl();

        /**
         * The http:// URL that must redirect to {@link #publicUrl()}; by default the public URL with http:// and no
         * port (80). Set it where HTTP listens on another port.
         */
        Optional<String> publicHttpUrl();

        /** Phase 5 fails when the public URL's certificate is valid for this many days or fewer (the runbook's 30). */
        @WithDefault("30")
        int tlsMinValidDays();

        /** Phase 5 fails on a Strict-Transport-Security max-age below this (the runbook's 31536000, a year). */
        @WithDefault("31536000")
        long hstsMinMaxAgeSeconds();

        /** Thresholds of the database checks of pre-flight and Phase 9, for the database named by {@link #database()}. */
        DatabaseHealth databaseHealth();

        /**
         * PagerDuty's id of the application's service (e.g. {@code PIJ90N7}; the REST API's, not the notifier's
         * routing key): pre-flight fails while it has a triggered or acknowledged incident. Without it, pre-flight says
         * open incidents were not checked.
         */
        Optional<String> pagerdutyServiceId();

        /** The Service in front of the Deployment, whose ready endpoints Phase 5 counts; by default the Deployment's name. */
        Optional<String> serviceName();

        /**
         * The ELBv2 target group the load balancer sends the application's traffic to
         * ({@code arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>}); Phase 5 requires every target
         * healthy. Without it, Phase 5 says target health was not checked.
         */
        Optional<String> targetGroupArn();

        /**
         * Step 9.3: the external integrations Phase 9 checks through the application, e.g. {@code payments,email}.
         * Without them, Phase 9 says external integrations were not checked.
         */
        Optional<List<String>> integrations();

        /** The application's health path of one integration; {@code {name}} is the integration's. */
        @WithDefault("/api/v1/integrations/{name}/health")
        String integrationHealthPath();

        /** The validator's name for the credential the integration health paths need (an admin token); none: none. */
        Optional<String> integrationCredential();

        /** Pre-flight's error budget, Phase 8's SLOs and alert rules, Phase 9's CPU and memory, from Prometheus. */
        Monitoring monitoring();

        /** The notifier's name for the chat channel announcements go to. */
        @WithDefault("default")
        String chatChannel();

        /** The notifier's name for the PagerDuty service rollbacks page. */
        @WithDefault("default")
        String pagerdutyService();

        default ReleaseTargets toReleaseTargets() {
            return new ReleaseTargets(
                    new KubernetesTarget(namespace(), deployment(), container()),
                    serviceUrl().replaceAll("/+$", ""),
                    database().orElse(null),
                    configMap().orElse(null),
                    new TreeMap<>(caches())
                            .entrySet().stream()
                                    .map(e -> new CacheTarget(e.getValue().type(), e.getKey()))
                                    .toList(),
                    registry() + "/" + repository(),
                    new NotificationTargets(chatChannel(), pagerdutyService()),
                    publicUrl()
                            .map(https -> new ReleaseTargets.PublicEndpoint(
                                    https,
                                    publicHttpUrl().orElseGet(() -> httpForm(https)),
                                    tlsMinValidDays(),
                                    hstsMinMaxAgeSeconds()))
                            .orElse(null),
                    new ReleaseTargets.Dependencies(
                            database().map(d -> databaseHealth().limits()).orElse(null),
                            pagerdutyServiceId().orElse(null)),
                    new ReleaseTargets.Routing(
                            serviceName().orElse(deployment()), targetGroupArn().orElse(null)),
                    monitoring().enabled() ? monitoring().toMonitoring() : null,
                    integrations()
                            .filter(names -> !names.isEmpty())
                            .map(names -> new ReleaseTargets.Integrations(
                                    names,
                                    integrationHealthPath(),
                                    integrationCredential().orElse(null)))
                            .orElse(null));
        }

        /** {@code https://shop.example:8443/x} is reached over HTTP at {@code http://shop.example/x}. */
        private static String httpForm(String httpsUrl) {
            URI https = URI.create(httpsUrl);
            String path = https.getRawPath() == null || https.getRawPath().isEmpty() ? "/" : https.getRawPath();
            return "http://" + https.getHost() + path;
        }
    }

    /** Refuses, at startup, a public URL that is not an absolute https:// URL with a host. */
    final class HttpsUrl implements Converter<String> {

        @Override
        public String convert(String value) {
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("public-url is not a URL: " + value, e);
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("public-url must be an https:// URL with a host, not " + value);
            }
            return uri.toString();
        }
    }

    interface Cache {
        /** REDIS (Step 6.1) or CLOUDFRONT (Step 6.2); the rollout-agent's configuration of the name must match it. */
        CacheType type();
    }

    /** The runbook's database thresholds; the validator holds the connection, under the database's name. */
    interface DatabaseHealth {

        /** Pre-flight fails when the server's connections reach this share of {@code max_connections}. */
        @WithDefault("80")
        int maxConnectionsPercent();

        /** A query active for longer is slow: pre-flight fails on any, Phase 9 on any started since pre-flight. */
        @WithDefault("5")
        long slowQuerySeconds();

        /** Pre-flight fails when {@code pg_database_size} reaches it, e.g. {@code 50G}; without it, size is not checked. */
        Optional<@WithConverter(MemorySizeConverter.class) MemorySize> maxSize();

        /** Phase 9: the database's connections may exceed the pre-flight count by this share of it ... */
        @WithDefault("20")
        int connectionsTolerancePercent();

        /** ... and by at least this many, so that a baseline of a few connections is not a hair trigger. */
        @WithDefault("5")
        int connectionsToleranceMinimum();

        default ReleaseTargets.DatabaseLimits limits() {
            return new ReleaseTargets.DatabaseLimits(
                    maxConnectionsPercent(),
                    slowQuerySeconds(),
                    maxSize().map(MemorySize::asLongValue).orElse(null),
                    connectionsTolerancePercent(),
                    connectionsToleranceMinimum());
        }
    }

    /**
     * What the validator reads from the environment's Prometheus (its {@code prometheus-url} and {@code monitoring.*}
     * queries there), with the runbook's numbers as defaults. Off unless enabled: then the three phases say what they
     * did not check.
     */
    interface Monitoring {

        /** The validator has a Prometheus for this environment that answers these checks. */
        @WithDefault("false")
        boolean enabled();

        /** Phase 8 reads its SLOs over this range: Step 7.4's "last 5 minutes". */
        @WithDefault("5m")
        Duration sloWindow();

        /** Step 8.4: availability at least this (99.9%). */
        @WithDefault("99.9")
        double availabilityMinPercent();

        /** Step 8.4: error rate below this (0.1%). */
        @WithDefault("0.1")
        double errorRateMaxPercent();

        /** Step 8.4: p95 latency below this (500 ms). */
        @WithDefault("500")
        double latencyP95MaxMillis();

        /** Step 8.4: p99 latency below this (1000 ms). */
        @WithDefault("1000")
        double latencyP99MaxMillis();

        /** Step 8.3: alert rules that must be loaded in Prometheus; none named, none checked (Phase 8 says so). */
        Optional<List<String>> alertRules();

        /** Pre-flight reads the error budget left; off where Prometheus holds too little history for its window. */
        @WithDefault("true")
        boolean errorBudget();

        /** The availability SLO whose error budget pre-flight reads (99.9%, as Step 8.4's availability). */
        @WithDefault("99.9")
        double sloObjectivePercent();

        /** The SLO's window, over which the error budget is spent. */
        @WithDefault("30d")
        Duration errorBudgetWindow();

        /** Step 8.4: pre-flight fails with this much of the error budget left or less (90%). */
        @WithDefault("90")
        double errorBudgetMinPercent();

        /** Measure CPU and memory per pod before the rollout and compare Phase 9's with it (needs cAdvisor metrics). */
        @WithDefault("true")
        boolean resources();

        /**
         * CPU is a rate over this range, memory an average: short enough that Phase 9, after Phase 8's 5 minutes,
         * reads only the new pods.
         */
        @WithDefault("2m")
        Duration resourceWindow();

        /** Step 9.1: CPU within this much of the baseline, either way (20%). */
        @WithDefault("20")
        double cpuTolerancePercent();

        /** Step 9.1: memory within this much of the baseline, either way (10%). */
        @WithDefault("10")
        double memoryTolerancePercent();

        default ReleaseTargets.Monitoring toMonitoring() {
            return new ReleaseTargets.Monitoring(
                    sloWindow().toSeconds(),
                    availabilityMinPercent(),
                    errorRateMaxPercent(),
                    latencyP95MaxMillis(),
                    latencyP99MaxMillis(),
                    alertRules().orElse(List.of()),
                    errorBudget(),
                    sloObjectivePercent(),
                    errorBudgetWindow().toSeconds(),
                    errorBudgetMinPercent(),
                    resources(),
                    resourceWindow().toSeconds(),
                    cpuTolerancePercent(),
                    memoryTolerancePercent());
        }
    }
}
