package dev.runway.validator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The validator's configuration; the validator README lists every key with its default. */
@ConfigMapping(prefix = "runway.validator")
public interface ValidatorConfig {

    /** Longest wait for one check's answer, connecting included; past it the check has no answer. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Step 9.3: an external integration reporting a {@code latency_ms} of this or more is unhealthy ("<1000"). */
    @WithDefault("1s")
    Duration integrationMaxLatency();

    /**
     * Where each environment's guard metrics come from, keyed by the name a {@code WatchGuards} gives in its
     * {@code environment}. An environment that is not here, or has no Prometheus URL, cannot be guarded.
     */
    Map<String, Environment> environments();

    Guard guard();

    /**
     * The databases the pre-flight and Phase 9 database checks measure, by the migrator's name for them (the
     * coordinator's {@code runway.targets."<app>"."<env>".database}), as the migrator names its own
     * ({@code runway.databases."<name>".*}).
     */
    Map<String, Database> databases();

    /** The PagerDuty REST API the pre-flight incident check reads. */
    PagerDuty pagerduty();

    /**
     * One database, reached as a role that may read {@code pg_stat_activity} in full ({@code pg_monitor}): without it
     * other roles' sessions show no state or query, and the slow-query check fails saying how many it could not see.
     */
    interface Database {
        /** e.g. {@code jdbc:postgresql://db.internal:5432/shop} */
        String jdbcUrl();

        String username();

        /** A secret: never logged or reported; masked in any error the driver gives. */
        String password();
    }

    interface PagerDuty {

        /** PagerDuty's REST API; {@code /incidents} is appended. */
        @WithDefault("https://api.pagerduty.com")
        URI apiUrl();

        /**
         * A REST API key ({@code Authorization: Token token=...}); a secret, never logged or reported. Without it an
         * incident check cannot be measured and fails saying so.
         */
        Optional<String> apiToken();

        /** PagerDuty's Events API v2, to which Step 8.3's test alert is sent; {@code /v2/enqueue} is appended. */
        @WithDefault("https://events.pagerduty.com")
        URI eventsUrl();

        /**
         * The Events API v2 integration key of each PagerDuty service a test alert goes to, by the service's id (the
         * coordinator's {@code pagerduty-service-id}); secrets, never logged or reported. A service without one fails
         * its test alert saying so.
         */
        Map<String, String> routingKeys();

        /** Step 8.3's "Alert received within 5 seconds": longest time from sending to the incident being listed. */
        @WithDefault("5s")
        Duration maxAlertDelivery();

        /** How often the incident list is read while waiting for the test alert. */
        @WithDefault("250ms")
        Duration alertPollInterval();
    }

    interface Environment {

        /** The Prometheus server answering this environment's queries; no default, on purpose. */
        Optional<URI> prometheusUrl();

        /**
         * The shortest rate range of a guard query: at least four of this Prometheus's scrape intervals. A shorter
         * range sees a breach sooner but rests on fewer scrapes.
         */
        @WithDefault("20s")
        Duration minRange();

        Queries queries();

        /**
         * Certificates the environment's public endpoint may chain to besides the JDK's trust store (a private CA);
         * any format the JDK reads (PKCS12, JKS). Its trusted-certificate entries become trust anchors.
         */
        Optional<Path> trustStore();

        /** The trust store's password; a secret, never logged. */
        Optional<String> trustStorePassword();

        /**
         * Phase 7's smoke checks (issue 8 item 4): credentials a release spec may name for this environment, keyed by
         * that name (e.g. {@code checkout-bot}). A spec carries only the name; the header and its value stay here.
         */
        Map<String, Credential> credentials();

        /** The environment's Kubernetes API, read (never written) by the cluster checks. */
        Cluster cluster();

        /** The environment's ELBv2 API, read by Phase 5's load-balancer check. */
        LoadBalancer loadBalancer();

        /** PromQL behind the checks read from {@link #prometheusUrl()}: Phase 8's SLOs, the error budget, Phase 9. */
        MonitoringQueries monitoring();
    }

    /** One credential a smoke check may send: a header and its value. */
    interface Credential {

        /** The header it goes in. */
        @WithDefault("Authorization")
        String header();

        /** The header's whole value, e.g. {@code Bearer <token>}; a secret, never logged, reported or stored. */
        String value();
    }

    /**
     * Where the cluster checks read an environment's Kubernetes API: a master URL, or the validator pod's own
     * in-cluster configuration (its service account). Neither: the cluster checks cannot be measured there and fail
     * saying so. The validator needs get and list on nodes, and in the release's namespace on pods, services,
     * EndpointSlices, Deployments and ReplicaSets.
     */
    interface Cluster {

        /** The API server, e.g. {@code https://k8s.production.internal:6443}; wins over {@link #inCluster()}. */
        Optional<URI> masterUrl();

        /** A bearer token for {@link #masterUrl()}; a secret, never logged. */
        Optional<String> token();

        /** The CA certificate (PEM) that {@link #masterUrl()}'s certificate chains to, where not a public one. */
        Optional<Path> caCertFile();

        /** The validator runs in this environment's cluster: its service account's token and CA, its API server. */
        @WithDefault("false")
        boolean inCluster();
    }

    /**
     * Where Phase 5 asks ELBv2 for target health. Without keys, the SDK's default credentials chain (environment,
     * web identity, instance profile); without a region, the target group ARN's.
     */
    interface LoadBalancer {

        Optional<String> region();

        /** Another ELBv2 endpoint than AWS's for the region (a VPC endpoint, or a stand-in in tests). */
        Optional<URI> endpointOverride();

        Optional<String> accessKeyId();

        /** A secret, never logged. */
        Optional<String> secretAccessKey();
    }

    /**
     * PromQL per check read from Prometheus, with {@code {namespace}}, {@code {deployment}} and {@code {range}} (the
     * check's window, in seconds) filled in; each must reduce to one number in base units (a ratio, seconds, cores,
     * bytes). The SLO defaults read the guards' series ({@code http_requests_total}, {@code
     * http_request_duration_seconds}); the resource defaults read cAdvisor's, of the Deployment's pods
     * ({@code <deployment>-<replica-set hash>-<suffix>}), averaged per pod so that a baseline taken at three replicas
     * compares with five.
     */
    interface MonitoringQueries {

        /** Share of requests answered without a 5xx: Step 8.4's availability. */
        @WithDefault("1 - ((sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\","
                + "code=~\"5..\"}[{range}])) or vector(0))"
                + " / sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}])))")
        String availability();

        /** Share of requests answered with a 5xx: Step 8.4's error rate. */
        @WithDefault("(sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\","
                + "code=~\"5..\"}[{range}])) or vector(0))"
                + " / sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}]))")
        String errorRate();

        /** Seconds. */
        @WithDefault("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + "namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}])))")
        String latencyP95();

        /** Seconds. */
        @WithDefault("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + "namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}])))")
        String latencyP99();

        /**
         * The error ratio over the error budget's window (30 days by default): where a raw rate over that range is
         * too costly, point it at a recording rule.
         */
        @WithDefault("(sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\","
                + "code=~\"5..\"}[{range}])) or vector(0))"
                + " / sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}]))")
        String errorBudgetRatio();

        /** Cores per pod. */
        @WithDefault("avg(sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"{namespace}\","
                + "pod=~\"{deployment}-[a-z0-9]+-[a-z0-9]+\",container!=\"\",container!=\"POD\"}[{range}])))")
        String cpu();

        /** Bytes per pod (working set, cAdvisor's figure behind kubectl top). */
        @WithDefault("avg(sum by (pod) (avg_over_time(container_memory_working_set_bytes{namespace=\"{namespace}\","
                + "pod=~\"{deployment}-[a-z0-9]+-[a-z0-9]+\",container!=\"\",container!=\"POD\"}[{range}])))")
        String memory();
    }

    /**
     * PromQL per guard metric, with {@code {namespace}}, {@code {deployment}} and {@code {range}} filled in per
     * release. The defaults fit services exporting promhttp's {@code http_requests_total} (label {@code code}) and
     * {@code http_request_duration_seconds} histogram, scraped with {@code namespace} and {@code deployment} labels.
     */
    interface Queries {

        /** Share of 5xx answers; {@code or vector(0)} keeps it 0 rather than empty while nothing fails. */
        @WithDefault("(sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\","
                + "code=~\"5..\"}[{range}])) or vector(0))"
                + " / sum(rate(http_requests_total{namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}]))")
        String errorRate();

        @WithDefault("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + "namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}])))")
        String latencyP99();
    }

    interface Guard {

        /** How often the sampler looks for rules that are due; each rule is still sampled on its own interval. */
        @WithDefault("1s")
        Duration tick();

        /** Failed queries in a row a rule tolerates; one more turns its verdict to ERROR (Argo Rollouts: 4). */
        @WithDefault("4")
        int consecutiveErrorLimit();

        /** Samples without data in a row a rule tolerates; one more turns it INCONCLUSIVE (Argo Rollouts: 0). */
        @WithDefault("0")
        int noDataLimit();

        /** Longest wait for one Prometheus query, connecting included; past it the sample is an error. */
        @WithDefault("5s")
        Duration queryTimeout();
    }
}
