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

    /**
     * Where each environment's guard metrics come from, keyed by the name a {@code WatchGuards} gives in its
     * {@code environment}. An environment that is not here, or has no Prometheus URL, cannot be guarded.
     */
    Map<String, Environment> environments();

    Guard guard();

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

        /** PromQL behind the checks read from {@link #prometheusUrl()}: Phase 8's SLOs, the error budget, Phase 9. */
        MonitoringQueries monitoring();
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
