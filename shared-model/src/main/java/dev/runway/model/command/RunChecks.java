package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
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
     * @param cluster              what a check of the cluster or the load balancer reads ({@link CheckKind#PODS_RUNNING},
     *     {@link CheckKind#SERVICE_ENDPOINTS}, {@link CheckKind#TARGET_HEALTH}, {@link CheckKind#POD_RESTARTS}); null for
     *     the others. Optional, added within version 1.
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
            @JsonInclude(JsonInclude.Include.NON_NULL) ClusterTarget cluster) {

        /** A check of the public endpoint without its URL or threshold is refused when read, not failed when run. */
        public Check {
            Objects.requireNonNull(kind, "kind");
            switch (kind) {
                case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS -> {}
                case TLS_CERTIFICATE ->
                    require(url != null && minValidDays != null, kind, "url and minValidDays", name);
                case HTTPS_REDIRECT -> require(url != null, kind, "url", name);
                case HSTS -> require(url != null && minMaxAgeSeconds != null, kind, "url and minMaxAgeSeconds", name);
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
            }
        }

        private static void require(boolean present, CheckKind kind, String fields, String name) {
            if (!present) {
                throw new IllegalArgumentException("a " + kind + " check needs " + fields + ": " + name);
            }
        }

        public Check(String name, CheckKind kind, String path, int expectedStatus, String bodyContains) {
            this(name, kind, path, expectedStatus, bodyContains, null, null, null);
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
            return new Check(name, kind, null, 0, null, null, null, null, cluster);
        }
    }

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
     * What a check measures. The last eight were added within version 1: a validator older than them cannot read a
     * command carrying them and sends it to its dead-letter topic, so the step fails on its deadline rather than
     * passing checks nobody ran.
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
        POD_RESTARTS
    }
}
