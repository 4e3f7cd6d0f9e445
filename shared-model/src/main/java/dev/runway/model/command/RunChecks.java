package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * @param smoke                {@link CheckKind#SMOKE_REQUEST} and {@link CheckKind#LATENCY_SERIES}: the request to
     *     send and what to expect beyond status and body text; null for other kinds. Optional, added within version 1.
     * @param dependency           the database or PagerDuty service a check of the database or of open incidents
     *     measures, with its thresholds; null for other kinds. Optional, added within version 1.
     * @param cluster              what a check of the cluster or the load balancer reads ({@link CheckKind#PODS_RUNNING},
     *     {@link CheckKind#SERVICE_ENDPOINTS}, {@link CheckKind#TARGET_HEALTH}, {@link CheckKind#POD_RESTARTS}); null for
     *     the others. Optional, added within version 1.
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
            @JsonInclude(JsonInclude.Include.NON_NULL) Smoke smoke,
            @JsonInclude(JsonInclude.Include.NON_NULL) Dependency dependency,
            @JsonInclude(JsonInclude.Include.NON_NULL) ClusterTarget cluster,
            @JsonInclude(JsonInclude.Include.NON_NULL) Monitoring monitoring) {

        /**
         * A check of the public endpoint, the database or open incidents without what it needs is refused when read,
         * not failed when run.
         */
        public Check {
            Objects.requireNonNull(kind, "kind");
            switch (kind) {
                case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS -> {}
                case TLS_CERTIFICATE ->
                    require(url != null && minValidDays != null, kind, "url and minValidDays", name);
                case HTTPS_REDIRECT -> require(url != null, kind, "url", name);
                case HSTS -> require(url != null && minMaxAgeSeconds != null, kind, "url and minMaxAgeSeconds", name);
                case SMOKE_REQUEST -> require(path != null && smoke != null, kind, "path and smoke", name);
                case LATENCY_SERIES ->
                    require(
                            path != null && smoke != null && smoke.series() != null,
                            kind,
                            "path and smoke.series",
                            name);
                case DATABASE_REACHABLE -> require(database(dependency) != null, kind, "dependency.database", name);
                case DATABASE_CONNECTIONS ->
                    require(
                            database(dependency) != null
                                    && (dependency.maxConnectionsPercent() != null
                                            || dependency.baselineConnections() != null),
                            kind,
                            "dependency.database and maxConnectionsPercent or baselineConnections",
                            name);
                case DATABASE_SLOW_QUERIES ->
                    require(
                            database(dependency) != null && dependency.slowQuerySeconds() != null,
                            kind,
                            "dependency.database and slowQuerySeconds",
                            name);
                case DATABASE_SIZE ->
                    require(
                            database(dependency) != null && dependency.maxSizeBytes() != null,
                            kind,
                            "dependency.database and maxSizeBytes",
                            name);
                case OPEN_INCIDENTS, ALERT_DELIVERY ->
                    require(
                            dependency != null && dependency.pagerDutyServiceId() != null,
                            kind,
                            "dependency.pagerDutyServiceId",
                            name);
                case NODES_READY -> {}
                case PODS_RUNNING -> require(cluster != null && cluster.namespace() != null, kind, "a namespace", name);
                case SERVICE_ENDPOINTS ->
                    require(
                            cluster != null
                                    && cluster.namespace() != null
                                    && cluster.service() != null
                                    && cluster.deployment() != null,
                            kind,
                            "a namespace, a service and a deployment",
                            name);
                case TARGET_HEALTH ->
                    require(cluster != null && cluster.targetGroupArn() != null, kind, "a targetGroupArn", name);
                case POD_RESTARTS ->
                    require(
                            cluster != null && cluster.namespace() != null && cluster.deployment() != null,
                            kind,
                            "a namespace and a deployment",
                            name);
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
                case INTEGRATION_HEALTH -> require(path != null && smoke != null, kind, "path and smoke", name);
            }
            if (kind == CheckKind.ERROR_BUDGET && monitoring.objectivePercent() == null) {
                throw new IllegalArgumentException("an ERROR_BUDGET check needs an objectivePercent: " + name);
            }
        }

        private static String database(Dependency dependency) {
            return dependency == null ? null : dependency.database();
        }

        private static void require(boolean present, CheckKind kind, String fields, String name) {
            if (!present) {
                throw new IllegalArgumentException("a " + kind + " check needs " + fields + ": " + name);
            }
        }

        public Check(String name, CheckKind kind, String path, int expectedStatus, String bodyContains) {
            this(name, kind, path, expectedStatus, bodyContains, null, null, null, null, null, null, null);
        }

        /** A check of the public endpoint, as Phase 5 sends them. */
        public Check(
                String name,
                CheckKind kind,
                String path,
                int expectedStatus,
                String bodyContains,
                String url,
                Integer minValidDays,
                Long minMaxAgeSeconds) {
            this(
                    name,
                    kind,
                    path,
                    expectedStatus,
                    bodyContains,
                    url,
                    minValidDays,
                    minMaxAgeSeconds,
                    null,
                    null,
                    null,
                    null);
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

        /** Step 7.1: send {@code smoke}'s request to {@code path}; judge status, body text and JSON value. */
        public static Check smokeRequest(
                String name, String path, int expectedStatus, String bodyContains, Smoke smoke) {
            return new Check(
                    name,
                    CheckKind.SMOKE_REQUEST,
                    path,
                    expectedStatus,
                    bodyContains,
                    null,
                    null,
                    null,
                    smoke,
                    null,
                    null,
                    null);
        }

        /**
         * Step 9.3: GET the application's health URL of one external integration ({@code path}), with the credential
         * the validator holds under {@code credential} (null for none), expecting it connected.
         */
        public static Check integrationHealth(String name, String path, String credential) {
            return new Check(
                    name,
                    CheckKind.INTEGRATION_HEALTH,
                    path,
                    200,
                    null,
                    null,
                    null,
                    null,
                    new Smoke(null, Map.of(), null, credential, null, null, null),
                    null,
                    null,
                    null);
        }

        /** Step 7.3: send {@code smoke}'s request {@code smoke.series().requests()} times and judge the times. */
        public static Check latencySeries(String name, String path, int expectedStatus, Smoke smoke) {
            return new Check(
                    name,
                    CheckKind.LATENCY_SERIES,
                    path,
                    expectedStatus,
                    null,
                    null,
                    null,
                    null,
                    smoke,
                    null,
                    null,
                    null);
        }

        /** Pre-flight: {@code SELECT 1} on the database the migrator calls {@code database}, and how long it took. */
        public static Check databaseReachable(String name, String database) {
            return dependent(name, CheckKind.DATABASE_REACHABLE, Dependency.database(database));
        }

        /** Pre-flight: the server's connections stay below {@code maxPercent} of its {@code max_connections}. */
        public static Check databaseConnections(String name, String database, int maxPercent) {
            return dependent(
                    name,
                    CheckKind.DATABASE_CONNECTIONS,
                    new Dependency(database, null, maxPercent, null, null, null, null, null, null));
        }

        /**
         * Phase 9: the database's connections stay within the pre-flight baseline, plus {@code tolerancePercent} of it
         * but at least {@code toleranceMinimum} connections.
         */
        public static Check databaseConnectionsWithin(
                String name, String database, int baseline, int tolerancePercent, int toleranceMinimum) {
            return dependent(
                    name,
                    CheckKind.DATABASE_CONNECTIONS,
                    new Dependency(
                            database, null, null, baseline, tolerancePercent, toleranceMinimum, null, null, null));
        }

        /**
         * No query on the database active for longer than {@code seconds}; with {@code since} (Phase 9's "new" slow
         * queries) only those started at or after it count.
         */
        public static Check databaseSlowQueries(String name, String database, long seconds, Instant since) {
            return dependent(
                    name,
                    CheckKind.DATABASE_SLOW_QUERIES,
                    new Dependency(database, null, null, null, null, null, seconds, since, null));
        }

        /** Pre-flight disk headroom: {@code pg_database_size} below {@code maxSizeBytes}. */
        public static Check databaseSize(String name, String database, long maxSizeBytes) {
            return dependent(
                    name,
                    CheckKind.DATABASE_SIZE,
                    new Dependency(database, null, null, null, null, null, null, null, maxSizeBytes));
        }

        /** Pre-flight: no triggered or acknowledged incident on the PagerDuty service {@code serviceId}. */
        public static Check openIncidents(String name, String serviceId) {
            return dependent(
                    name,
                    CheckKind.OPEN_INCIDENTS,
                    new Dependency(null, serviceId, null, null, null, null, null, null, null));
        }

        /**
         * Step 8.3: a test alert sent to the PagerDuty service {@code serviceId} arrives as an incident within the
         * validator's limit (the runbook's 5 seconds), and is resolved again.
         */
        public static Check alertDelivery(String name, String serviceId) {
            return dependent(
                    name,
                    CheckKind.ALERT_DELIVERY,
                    new Dependency(null, serviceId, null, null, null, null, null, null, null));
        }

        private static Check dependent(String name, CheckKind kind, Dependency dependency) {
            return new Check(name, kind, null, 0, null, null, null, null, null, dependency, null, null);
        }

        /** Pre-flight: every node of the environment's cluster reports Ready. */
        public static Check nodesReady(String name) {
            return cluster(name, CheckKind.NODES_READY, null);
        }

        /** Pre-flight: no pod of {@code namespace} is outside Running/Succeeded (kubectl's STATUS column). */
        public static Check podsRunning(String name, String namespace) {
            return cluster(name, CheckKind.PODS_RUNNING, new ClusterTarget(namespace, null, null, null));
        }

        /** Step 5.1: the Service's ready endpoint addresses equal the Deployment's ready replicas. */
        public static Check serviceEndpoints(String name, String namespace, String service, String deployment) {
            return cluster(name, CheckKind.SERVICE_ENDPOINTS, new ClusterTarget(namespace, deployment, service, null));
        }

        /** Step 5.2: every target of the load balancer's target group is healthy. */
        public static Check targetHealth(String name, String targetGroupArn) {
            return cluster(name, CheckKind.TARGET_HEALTH, new ClusterTarget(null, null, null, targetGroupArn));
        }

        /** Steps 3.5 and 9: the containers of the Deployment's current pods have not restarted. */
        public static Check podRestarts(String name, String namespace, String deployment) {
            return cluster(name, CheckKind.POD_RESTARTS, new ClusterTarget(namespace, deployment, null, null));
        }

        private static Check cluster(String name, CheckKind kind, ClusterTarget cluster) {
            return new Check(name, kind, null, 0, null, null, null, null, null, null, cluster, null);
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
            return new Check(name, kind, null, 0, null, null, null, null, null, null, null, monitoring);
        }
    }

    /**
     * What a check of the database or of open incidents measures, and the thresholds it is held to; each kind reads
     * only its own fields, the others are null.
     *
     * @param database              the migrator's name for the database ({@code runway.targets."<app>"."<env>".database});
     *     the validator holds the connection under the same name
     * @param pagerDutyServiceId    {@link CheckKind#OPEN_INCIDENTS} and {@link CheckKind#ALERT_DELIVERY}: PagerDuty's id
     *     of the service, e.g. {@code PIJ90N7}
     * @param maxConnectionsPercent {@link CheckKind#DATABASE_CONNECTIONS}: the server's connections must stay below
     *     this share of {@code max_connections}
     * @param baselineConnections   {@link CheckKind#DATABASE_CONNECTIONS}: the database's connections at pre-flight
     * @param tolerancePercent      how far above the baseline the database's connections may be, as a share of it
     * @param toleranceMinimum      ... and at least this many connections, so that a small baseline is not a hair
     *     trigger
     * @param slowQuerySeconds      {@link CheckKind#DATABASE_SLOW_QUERIES}: a query active for longer is slow
     * @param since                 only queries started at or after this instant (the database's clock) count; null
     *     for all
     * @param maxSizeBytes          {@link CheckKind#DATABASE_SIZE}: {@code pg_database_size} must stay below this
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dependency(
            String database,
            String pagerDutyServiceId,
            Integer maxConnectionsPercent,
            Integer baselineConnections,
            Integer tolerancePercent,
            Integer toleranceMinimum,
            Long slowQuerySeconds,
            Instant since,
            Long maxSizeBytes) {

        static Dependency database(String database) {
            return new Dependency(database, null, null, null, null, null, null, null, null);
        }

        /**
         * The most connections the baseline allows: the baseline plus {@code tolerancePercent} of it, rounded up, and
         * never less than the baseline plus {@code toleranceMinimum}.
         */
        public int allowedConnections() {
            int percent = tolerancePercent == null ? 0 : tolerancePercent;
            int minimum = toleranceMinimum == null ? 0 : toleranceMinimum;
            long byPercent = ((long) baselineConnections * percent + 99) / 100;
            return (int) Math.min(Integer.MAX_VALUE, baselineConnections + Math.max(byPercent, minimum));
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
     * A smoke check's request and expectations (runbook Phase 7). No credential travels here, only its name.
     *
     * @param method     GET, HEAD, POST, PUT, PATCH or DELETE; null for GET
     * @param headers    sent as given; empty for none
     * @param body       sent as written; null for none
     * @param credential the name of a credential the validator holds for the command's {@code environment}; its header
     *     and value are added to the request and never reported
     * @param jsonPath   null, or where {@code jsonEquals} must be found in the JSON body ({@code
     *     dev.runway.model.spec.JsonPath})
     * @param jsonEquals the value expected at {@code jsonPath}
     * @param series     {@link CheckKind#LATENCY_SERIES}: how many requests, and the limits of their times; else null
     */
    public record Smoke(
            @JsonInclude(JsonInclude.Include.NON_NULL) String method,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers,
            @JsonInclude(JsonInclude.Include.NON_NULL) String body,
            @JsonInclude(JsonInclude.Include.NON_NULL) String credential,
            @JsonInclude(JsonInclude.Include.NON_NULL) String jsonPath,
            @JsonInclude(JsonInclude.Include.NON_NULL) String jsonEquals,
            @JsonInclude(JsonInclude.Include.NON_NULL) Series series) {

        public Smoke {
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** The method sent: GET unless the check names another. */
        public String methodOrGet() {
            return method == null ? "GET" : method;
        }

        /** The same request, repeated and timed as {@code newSeries} says. */
        public Smoke repeated(Series newSeries) {
            return new Smoke(method, headers, body, credential, jsonPath, jsonEquals, newSeries);
        }
    }

    /**
     * Step 7.3: how many requests, and the most each statistic of their times may be (each passes when at most it).
     * Percentiles are nearest-rank: p95 of 20 requests is the 19th fastest.
     */
    public record Series(int requests, long minMillis, long avgMillis, long p95Millis, long p99Millis) {}

    /**
     * What a check of the cluster or the load balancer reads; the validator reaches them through its configuration
     * for the command's {@code environment}. Each field is null where the check's kind needs none.
     *
     * @param namespace      the Kubernetes namespace of the release's Deployment
     * @param deployment     the release's Deployment
     * @param service        the Kubernetes Service in front of it, whose EndpointSlices carry its name in the label
     *     {@code kubernetes.io/service-name}
     * @param targetGroupArn the ELBv2 target group the load balancer sends the application's traffic to
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterTarget(String namespace, String deployment, String service, String targetGroupArn) {}

    /**
     * What a check measures. Those after {@code PROMETHEUS_METRICS} were added within version 1: a validator older than
     * them cannot read a command carrying them and sends it to its dead-letter topic, so the step fails on its deadline
     * rather than passing checks nobody ran (or running a POST as a GET).
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
        // Phase 7, the smoke suite (issue 8 item 4)
        /** Send smoke's request to path: the expected status, bodyContains if given, and jsonEquals at jsonPath. */
        SMOKE_REQUEST,
        /** Send smoke's request to path smoke.series.requests times: min, avg, p95 and p99 within the series' limits. */
        LATENCY_SERIES,
        // database and PagerDuty incidents (pre-flight, Phase 9), added within version 1 like the three above; each
        // needs its dependency
        /** {@code SELECT 1} on the database answers; its round trip is reported. */
        DATABASE_REACHABLE,
        /**
         * The server's connections below maxConnectionsPercent of {@code max_connections} (pre-flight), or the
         * database's within its pre-flight baseline and tolerance (Phase 9).
         */
        DATABASE_CONNECTIONS,
        /** No query on the database active longer than slowQuerySeconds ({@code pg_stat_activity}). */
        DATABASE_SLOW_QUERIES,
        /** {@code pg_database_size} below maxSizeBytes: the disk headroom the runbook asks for. */
        DATABASE_SIZE,
        /** No triggered or acknowledged incident on the PagerDuty service (REST API v2). */
        OPEN_INCIDENTS,
        // Cluster and load balancer, read through the validator's per-environment Kubernetes API and ELBv2 access
        /** Every node's Ready condition is True. */
        NODES_READY,
        /** Every pod of cluster.namespace is Running or Succeeded, as kubectl's STATUS column shows it. */
        PODS_RUNNING,
        /** The ready endpoint addresses of cluster.service's EndpointSlices equal cluster.deployment's ready replicas. */
        SERVICE_ENDPOINTS,
        /** ELBv2 DescribeTargetHealth: every target of cluster.targetGroupArn is healthy. */
        TARGET_HEALTH,
        /** The containers of cluster.deployment's current pods restarted 0 times in all. */
        POD_RESTARTS,
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
        MEMORY_USAGE,
        // Phase 9, Step 9.3: the external integrations named for the environment, through the application itself
        /**
         * GET path (the application's health URL of one integration, with smoke's credential if any): 200, JSON
         * {@code status} "connected" and {@code latency_ms} within the validator's limit (the runbook's 1000 ms).
         */
        INTEGRATION_HEALTH,
        // Phase 8, Step 8.3: the alerting path end to end, added within version 1
        /**
         * A test alert sent through PagerDuty's Events API v2 to dependency.pagerDutyServiceId's integration shows up as
         * an incident on that service (REST API v2) within the validator's limit, and is resolved afterwards.
         */
        ALERT_DELIVERY
    }
}
