package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;
import java.util.List;
import java.util.Objects;

/**
 * Measure the application against a list of checks (validator).
 *
 * @param expectedVersion null when any version is fine (pre-flight reads the current one)
 * @param passRatePercent the share of checks that must pass; 100 for health phases
 * @param environment     names the validator's per-environment configuration (the trust store its TLS checks add to
 *     the JDK's); null when the checks need none. An optional field added within version 1.
 * @param notChecked      checks the runbook asks for that this command leaves out, each with why (e.g. "TLS
 *     certificate, HTTPS redirect and HSTS not checked: no public-url configured for shop in production"); the
 *     validator's report repeats them, so the phase's row never reads as if they had run. Empty when none; an optional
 *     field added within version 1.
 */
public record RunChecks(
        String baseUrl,
        List<Check> checks,
        String expectedVersion,
        int passRatePercent,
        long maxResponseTimeMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String environment,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notChecked)
        implements CommandBody {

    public RunChecks {
        checks = List.copyOf(checks);
        notChecked = notChecked == null ? List.of() : List.copyOf(notChecked);
    }

    /** Checks against the service URL only, as every phase but Service Validation sends them. */
    public RunChecks(
            String baseUrl,
            List<Check> checks,
            String expectedVersion,
            int passRatePercent,
            long maxResponseTimeMillis) {
        this(baseUrl, checks, expectedVersion, passRatePercent, maxResponseTimeMillis, null, List.of());
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.VALIDATION_COMMANDS;
    }

    /**
     * One measurement to take.
     *
     * @param path                 relative to the command's {@code baseUrl}; null for a check with its own {@code url}
     * @param expectedStatus       the HTTP status wanted; 0 for {@link CheckKind#TLS_CERTIFICATE}, which sends no request
     * @param bodyContains         null, or text the body must contain
     * @param url                  an absolute URL, for the checks of the public endpoint ({@link CheckKind#TLS_CERTIFICATE},
     *     {@link CheckKind#HTTPS_REDIRECT}, {@link CheckKind#HSTS}); null for checks of a {@code path}. Optional,
     *     added within version 1, as are the two thresholds below.
     * @param minValidDays         {@link CheckKind#TLS_CERTIFICATE}: the leaf certificate must stay valid for more than
     *     this many days (the runbook's 30); null for other kinds
     * @param minMaxAgeSeconds     {@link CheckKind#HSTS}: the least {@code max-age} accepted (the runbook's 31536000);
     *     null for other kinds
     * @param monitoring           what a check read from the environment's Prometheus needs (the SLO, alert-rule,
     *     error-budget and resource kinds); null for other kinds. Optional, added within version 1.
     */
    public record Check(
            String name,
            CheckKind kind,
            String path,
            int expectedStatus,
            String bodyContains,
            @JsonInclude(JsonInclude.Include.NON_NULL) String url,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer minValidDays,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long minMaxAgeSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Monitoring monitoring) {

        /** A check of the public endpoint without its URL or threshold is refused when read, not failed when run. */
        public Check {
            Objects.requireNonNull(kind, "kind");
            switch (kind) {
                case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS -> {}
                case TLS_CERTIFICATE ->
                    require(url != null && minValidDays != null, kind, "url and minValidDays", name);
                case HTTPS_REDIRECT -> require(url != null, kind, "url", name);
                case HSTS -> require(url != null && minMaxAgeSeconds != null, kind, "url and minMaxAgeSeconds", name);
                case SLO_AVAILABILITY, SLO_ERROR_RATE, SLO_LATENCY_P95, SLO_LATENCY_P99, ERROR_BUDGET ->
                    require(monitoring != null && monitoring.limit() != null, kind, "monitoring with a limit", name);
                case ALERT_RULES_LOADED ->
                    require(
                            monitoring != null && !monitoring.alertRules().isEmpty(),
                            kind,
                            "monitoring naming alert rules",
                            name);
                case CPU_USAGE, MEMORY_USAGE ->
                    require(
                            monitoring != null && (monitoring.baseline() == null) == (monitoring.limit() == null),
                            kind,
                            "monitoring with both a baseline and a limit, or neither (to measure the baseline)",
                            name);
            }
            if (kind == CheckKind.ERROR_BUDGET && monitoring.objectivePercent() == null) {
                throw new IllegalArgumentException("an ERROR_BUDGET check needs an objectivePercent: " + name);
            }
        }

        private static void require(boolean present, CheckKind kind, String fields, String name) {
            if (!present) {
                throw new IllegalArgumentException("a " + kind + " check needs " + fields + ": " + name);
            }
        }

        public Check(
                String name,
                CheckKind kind,
                String path,
                int expectedStatus,
                String bodyContains,
                String url,
                Integer minValidDays,
                Long minMaxAgeSeconds) {
            this(name, kind, path, expectedStatus, bodyContains, url, minValidDays, minMaxAgeSeconds, null);
        }

        public Check(String name, CheckKind kind, String path, int expectedStatus, String bodyContains) {
            this(name, kind, path, expectedStatus, bodyContains, null, null, null, null);
        }

        public static Check status(String name, String path) {
            return new Check(name, CheckKind.HTTP_STATUS, path, 200, null);
        }

        /** Step 5.3: the certificate {@code httpsUrl} presents, its chain and its remaining validity. */
        public static Check tlsCertificate(String name, String httpsUrl, int minValidDays) {
            return new Check(name, CheckKind.TLS_CERTIFICATE, null, 0, null, httpsUrl, minValidDays, null);
        }

        /** Step 5.4: {@code httpUrl} answers 301 Moved Permanently to an https:// location. */
        public static Check httpsRedirect(String name, String httpUrl) {
            return new Check(name, CheckKind.HTTPS_REDIRECT, null, 301, null, httpUrl, null, null);
        }

        /** Step 5.4: {@code httpsUrl} answers 200 with a Strict-Transport-Security max-age of at least the minimum. */
        public static Check hsts(String name, String httpsUrl, long minMaxAgeSeconds) {
            return new Check(name, CheckKind.HSTS, null, 200, null, httpsUrl, null, minMaxAgeSeconds);
        }

        /**
         * Step 8.4: one SLO read from Prometheus over {@code windowSeconds}: {@link CheckKind#SLO_AVAILABILITY} at
         * least {@code limit} percent, {@link CheckKind#SLO_ERROR_RATE} below {@code limit} percent, the latency kinds
         * below {@code limit} milliseconds.
         */
        public static Check slo(
                String name, CheckKind kind, KubernetesTarget target, long windowSeconds, double limit) {
            return monitoring(name, kind, new Monitoring(target, windowSeconds, limit, null, null, List.of()));
        }

        /** Step 8.3: every named alert rule is loaded in the environment's Prometheus and evaluates without error. */
        public static Check alertRules(String name, List<String> alertRules) {
            return monitoring(
                    name, CheckKind.ALERT_RULES_LOADED, new Monitoring(null, 0, null, null, null, alertRules));
        }

        /**
         * Step 8.4, checked before the release: more than {@code minRemainingPercent} of the error budget of an
         * {@code objectivePercent} SLO over {@code windowSeconds} is left.
         */
        public static Check errorBudget(
                String name,
                KubernetesTarget target,
                double objectivePercent,
                long windowSeconds,
                double minRemainingPercent) {
            return monitoring(
                    name,
                    CheckKind.ERROR_BUDGET,
                    new Monitoring(target, windowSeconds, minRemainingPercent, objectivePercent, null, List.of()));
        }

        /** Before the rollout: the pods' CPU (cores) or memory (bytes) per pod, measured as Phase 9's baseline. */
        public static Check baseline(String name, CheckKind kind, KubernetesTarget target, long windowSeconds) {
            return monitoring(name, kind, new Monitoring(target, windowSeconds, null, null, null, List.of()));
        }

        /** Step 9.1: the new pods' CPU or memory per pod within {@code tolerancePercent} of the baseline. */
        public static Check withinBaseline(
                String name,
                CheckKind kind,
                KubernetesTarget target,
                long windowSeconds,
                double baseline,
                double tolerancePercent) {
            return monitoring(
                    name, kind, new Monitoring(target, windowSeconds, tolerancePercent, null, baseline, List.of()));
        }

        private static Check monitoring(String name, CheckKind kind, Monitoring monitoring) {
            return new Check(name, kind, null, 0, null, null, null, null, monitoring);
        }
    }

    /**
     * What a check read from the environment's Prometheus needs; the validator holds the queries, per environment.
     *
     * @param target           whose series the queries select (namespace, Deployment); null for alert rules
     * @param windowSeconds    the range the query reads over: the SLO window, the error budget's window, or the
     *     resource range; 0 for alert rules
     * @param limit            the threshold: availability's least percent, error rate's greatest percent, latency's
     *     greatest milliseconds, the error budget's least percent left, or the tolerance in percent around a
     *     resource baseline; null when a resource check measures the baseline
     * @param objectivePercent {@link CheckKind#ERROR_BUDGET}: the SLO objective, e.g. 99.9; else null
     * @param baseline         {@link CheckKind#CPU_USAGE} (cores per pod) or {@link CheckKind#MEMORY_USAGE} (bytes
     *     per pod) measured before the rollout; null when this check measures it
     * @param alertRules       {@link CheckKind#ALERT_RULES_LOADED}: the rule names that must be loaded; else empty
     */
    public record Monitoring(
            @JsonInclude(JsonInclude.Include.NON_NULL) KubernetesTarget target,
            long windowSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double limit,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double objectivePercent,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double baseline,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> alertRules) {

        public Monitoring {
            alertRules = alertRules == null ? List.of() : List.copyOf(alertRules);
        }
    }

    /**
     * What a check measures. Those after {@link #PROMETHEUS_METRICS} were added within version 1: a validator older
     * than them cannot read a command carrying them and sends it to its dead-letter topic, so the step fails on its
     * deadline rather than passing checks nobody ran.
     */
    public enum CheckKind {
        /** GET path, compare the status code (and optionally the body). */
        HTTP_STATUS,
        /** GET path (normally /health) and compare its JSON {@code version} with the expected one. */
        VERSION_REPORTED,
        /** GET path (normally /metrics) and require Prometheus text exposition format. */
        PROMETHEUS_METRICS,
        /** TLS handshake with url's host and port: the peer chain must validate (PKIX) and the leaf outlast minValidDays. */
        TLS_CERTIFICATE,
        /** GET the http:// url without following redirects: 301 with a Location starting with https://. */
        HTTPS_REDIRECT,
        /** GET the https:// url: its Strict-Transport-Security max-age at least minMaxAgeSeconds. */
        HSTS,
        // Prometheus (issue 8: Phase 8 SLOs and alert rules, the pre-flight error budget, Phase 9 resources); each
        // carries its Monitoring, and the command its environment, whose Prometheus answers
        /** Share of requests answered without a 5xx over the window: at least limit percent. */
        SLO_AVAILABILITY,
        /** Share of requests answered with a 5xx over the window: below limit percent. */
        SLO_ERROR_RATE,
        /** 95th percentile request duration over the window: below limit ms. */
        SLO_LATENCY_P95,
        /** 99th percentile request duration over the window: below limit ms. */
        SLO_LATENCY_P99,
        /** Every named alert rule loaded in Prometheus ({@code /api/v1/rules}) and evaluating without error. */
        ALERT_RULES_LOADED,
        /** Error budget left over the window, 1 - errors / allowed errors: above limit percent. */
        ERROR_BUDGET,
        /** CPU per pod: measured (no baseline), or within limit percent of the baseline. */
        CPU_USAGE,
        /** Memory (working set) per pod: measured (no baseline), or within limit percent of the baseline. */
        MEMORY_USAGE
    }
}
