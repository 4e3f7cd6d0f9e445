package dev.runway.validator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.infra.PrometheusServer;
import dev.runway.infra.PrometheusServer.ScrapeTarget;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks read from Prometheus against Debian's real Prometheus, scraping every second a JDK HttpServer whose
 * exposition this test controls (request counters with their 5xx, a request-duration histogram, cAdvisor's container
 * CPU and memory series), with a recording rule and two alerting rules loaded from a rule file. Each check is shown
 * passing and failing, read through the validator's own handler as a RunChecks arrives.
 */
class PrometheusChecksIT {

    private static final String ENVIRONMENT = "it";
    private static final String NAMESPACE = "production";
    private static final long SLO_WINDOW = 10;
    private static final long RESOURCE_WINDOW = 5;
    private static final double MIB = 1024 * 1024;

    private static final String RULES = """
            groups:
              - name: shop
                rules:
                  - record: deployment:http_error_ratio:rate10s
                    expr: >-
                      sum by (namespace, deployment) (rate(http_requests_total{code=~"5.."}[10s]))
                      / sum by (namespace, deployment) (rate(http_requests_total[10s]))
                  - alert: ShopHighErrorRate
                    expr: deployment:http_error_ratio:rate10s{deployment="shop"} > 0.01
                    for: 1m
                  - alert: ShopDown
                    expr: up{job="shop"} == 0
            """;

    /**
     * What one Deployment's pods expose. Counters grow with the time since {@code since}, so Prometheus' rates give
     * back the rates set here.
     */
    record Workload(
            double requestsPerSecond,
            double errorRatio,
            double latencySeconds,
            List<String> pods,
            double cpuCoresPerPod,
            double memoryBytesPerPod,
            Instant since) {

        String exposition() {
            double t = Duration.between(since, Instant.now()).toMillis() / 1000.0;
            double requests = requestsPerSecond * t;
            double errors = requests * errorRatio;
            StringBuilder out = new StringBuilder();
            out.append("# TYPE http_requests_total counter\n");
            out.append(sample("http_requests_total{code=\"200\"}", requests - errors));
            out.append(sample("http_requests_total{code=\"500\"}", errors));
            out.append("# TYPE http_request_duration_seconds histogram\n");
            for (String le : List.of("0.1", "0.25", "0.5", "1", "2.5", "+Inf")) {
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                out.append(sample(
                        "http_request_duration_seconds_bucket{le=\"" + le + "\"}",
                        latencySeconds <= bound ? requests : 0));
            }
            out.append(sample("http_request_duration_seconds_sum", requests * latencySeconds));
            out.append(sample("http_request_duration_seconds_count", requests));
            out.append("# TYPE container_cpu_usage_seconds_total counter\n");
            out.append("# TYPE container_memory_working_set_bytes gauge\n");
            // the pause container, the pod's cgroup ("") and another Deployment's pod must not count
            for (String pod : pods) {
                out.append(container("container_cpu_usage_seconds_total", pod, "app", cpuCoresPerPod * t));
                out.append(container("container_cpu_usage_seconds_total", pod, "POD", 50 * t));
                out.append(container("container_cpu_usage_seconds_total", pod, "", 60 * t));
                out.append(container("container_memory_working_set_bytes", pod, "app", memoryBytesPerPod));
                out.append(container("container_memory_working_set_bytes", pod, "POD", 100 * memoryBytesPerPod));
            }
            out.append(container("container_cpu_usage_seconds_total", "shop-db-5f6d7c8b9-xyz12", "db", 9 * t));
            out.append(container("container_memory_working_set_bytes", "shop-db-5f6d7c8b9-xyz12", "db", 1e12));
            return out.toString();
        }

        private static String container(String metric, String pod, String container, double value) {
            return sample(metric + "{pod=\"" + pod + "\",container=\"" + container + "\"}", value);
        }

        private static String sample(String series, double value) {
            return series + " " + String.format(Locale.ROOT, "%.6f", value) + "\n";
        }
    }

    private static final Map<String, AtomicReference<Workload>> WORKLOADS = new ConcurrentHashMap<>();
    private static HttpServer exposition;
    private static PrometheusServer prometheus;
    private static ValidationCommandHandler handler;

    @BeforeAll
    static void start() throws IOException {
        Instant now = Instant.now();
        // shop: 0.005% errors, 50 ms; cart: 5% errors; search: 2 s per request; checkout: rolled out by the CPU test
        workload("shop", new Workload(100, 0.00005, 0.05, pods("shop", "7d9f8c5b4"), 0.1, 256 * MIB, now));
        workload("cart", new Workload(100, 0.05, 0.05, pods("cart", "6c7d8e9f0"), 0.1, 256 * MIB, now));
        workload("search", new Workload(100, 0, 2.0, pods("search", "5b6c7d8e9"), 0.1, 256 * MIB, now));
        workload("checkout", new Workload(100, 0, 0.05, pods("checkout", "4a5b6c7d8"), 0.10, 256 * MIB, now));
        exposition = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exposition.createContext("/metrics/", PrometheusChecksIT::expose);
        exposition.start();
        String base = "http://127.0.0.1:" + exposition.getAddress().getPort() + "/metrics/";
        prometheus = PrometheusServer.start(
                WORKLOADS.keySet().stream()
                        .map(d -> ScrapeTarget.of(d, base + d, Map.of("namespace", NAMESPACE, "deployment", d)))
                        .toList(),
                PrometheusServer.SCRAPE_INTERVAL,
                RULES);
        handler = handler(Map.of(
                "runway.validator.environments." + ENVIRONMENT + ".prometheus-url",
                prometheus.url(),
                // availability through the rule file's recording rule, as an environment may configure it
                "runway.validator.environments." + ENVIRONMENT + ".monitoring.availability",
                "1 - deployment:http_error_ratio:rate10s{namespace=\"{namespace}\",deployment=\"{deployment}\"}"));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exposition != null) {
            exposition.stop(0);
        }
    }

    @Test
    void slosMetPassWithTheirMeasuredFigures() {
        RunChecks run = command(List.of(
                slo("availability", CheckKind.SLO_AVAILABILITY, "shop", 99.9),
                slo("error-rate", CheckKind.SLO_ERROR_RATE, "shop", 0.1),
                slo("latency-p95", CheckKind.SLO_LATENCY_P95, "shop", 500),
                slo("latency-p99", CheckKind.SLO_LATENCY_P99, "shop", 1000)));

        StepSucceeded passed = awaitPassed(run);

        assertThat(passed.summary())
                .contains(
                        "availability 99.995% >= 99.9% over 10s",
                        "error rate 0.005% < 0.1% over 10s",
                        "latency p95 95.0 ms < 500 ms over 10s",
                        "latency p99 99.0 ms < 1000 ms over 10s");
        assertThat(passed.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::unit)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("error-rate", "0.005", "%"),
                        org.assertj.core.groups.Tuple.tuple("latency-p99", "99.0", "ms"));
    }

    @Test
    void anErrorRateAboveTheSloBreachesNamingTheFigure() {
        ThresholdBreached breach = awaitBreach(
                command(List.of(slo("error-rate", CheckKind.SLO_ERROR_RATE, "cart", 0.1))),
                RollbackTrigger.ERROR_RATE_ELEVATED);

        assertThat(breach.reason()).isEqualTo("error rate 5.000% >= 0.1% over 10s");
    }

    @Test
    void availabilityBelowTheSloBreaches() {
        ThresholdBreached breach = awaitBreach(
                command(List.of(slo("availability", CheckKind.SLO_AVAILABILITY, "cart", 99.9))),
                RollbackTrigger.AVAILABILITY_BELOW_SLO);

        assertThat(breach.reason()).isEqualTo("availability 95.000% < 99.9% over 10s");
    }

    @Test
    void latencyAboveTheSloBreaches() {
        ThresholdBreached breach = awaitBreach(
                command(List.of(slo("latency-p99", CheckKind.SLO_LATENCY_P99, "search", 1000))),
                RollbackTrigger.LATENCY_ABOVE_THRESHOLD);

        // all requests in the (1 s, 2.5 s] bucket: the 99th percentile interpolates to 2.485 s
        assertThat(breach.reason()).isEqualTo("latency p99 2485.0 ms >= 1000 ms over 10s");
    }

    @Test
    void theNamedAlertRulesLoadedPass() {
        StepSucceeded passed = awaitPassed(
                command(List.of(Check.alertRules("alert-rules", List.of("ShopHighErrorRate", "ShopDown")))));

        assertThat(passed.summary()).contains("alert rules 2 of 2 loaded: ShopHighErrorRate, ShopDown");
    }

    @Test
    void aMissingAlertRuleIsNamed() {
        ThresholdBreached breach = awaitBreach(
                command(List.of(Check.alertRules("alert-rules", List.of("ShopHighErrorRate", "ShopCheckoutSlow")))),
                RollbackTrigger.ALERT_RULES_MISSING);

        assertThat(breach.reason()).isEqualTo("alert rules 1 of 2 loaded; missing: ShopCheckoutSlow");
    }

    @Test
    void anErrorBudgetMostlyLeftPasses() {
        StepSucceeded passed =
                awaitPassed(command(List.of(Check.errorBudget("error-budget", target("shop"), 99.9, 60, 90))));

        assertThat(passed.summary())
                .contains("error budget 95.0% left > 90% (error ratio 0.0050% over 1m against a 99.9% objective)");
    }

    @Test
    void aSpentErrorBudgetFailsNamingWhatIsLeft() {
        ThresholdBreached breach = awaitBreach(
                command(List.of(Check.errorBudget("error-budget", target("cart"), 99.9, 60, 90))),
                RollbackTrigger.ERROR_BUDGET_EXHAUSTED);

        assertThat(breach.reason())
                .isEqualTo("error budget -4900.0% left <= 90% (error ratio 5.0000% over 1m against a 99.9% objective)");
    }

    @Test
    void cpuWithinTwentyPercentOfThePreFlightBaselinePassesAndAboveItFails() {
        RunChecks preFlight = command(List.of(
                Check.baseline("cpu-baseline", CheckKind.CPU_USAGE, target("checkout"), RESOURCE_WINDOW),
                Check.baseline("memory-baseline", CheckKind.MEMORY_USAGE, target("checkout"), RESOURCE_WINDOW)));
        // the pods have run for a whole window once the rate stops rising; per pod, without the pause container, the
        // pod's cgroup or shop-db's pod
        AtomicReference<StepSucceeded> measured = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    measured.set(awaitPassed(preFlight));
                    assertThat(Double.parseDouble(measured.get().outputs().get(Outputs.BASELINE_CPU_CORES)))
                            .isBetween(0.095, 0.105);
                });
        double cpu = Double.parseDouble(measured.get().outputs().get(Outputs.BASELINE_CPU_CORES));
        double memory = Double.parseDouble(measured.get().outputs().get(Outputs.BASELINE_MEMORY_BYTES));
        assertThat(memory).isEqualTo(256 * MIB);
        assertThat(measured.get().summary()).contains("CPU 0.", "cores per pod over 5s (Phase 9's baseline)");

        // the rollout replaces the pods: 10% more CPU and 5% more memory per pod
        rollOut("checkout", "9e8d7c6b5", 0.11, 270 * MIB);
        RunChecks phase9 = command(List.of(
                Check.withinBaseline("cpu", CheckKind.CPU_USAGE, target("checkout"), RESOURCE_WINDOW, cpu, 20),
                Check.withinBaseline(
                        "memory", CheckKind.MEMORY_USAGE, target("checkout"), RESOURCE_WINDOW, memory, 10)));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    EventBody verdict = carryOut(phase9);
                    assertThat(verdict).isInstanceOf(StepSucceeded.class);
                    assertThat(value(verdict, "cpu")).isBetween(0.105, 0.115);
                    assertThat(value(verdict, "memory")).isEqualTo(270 * MIB);
                });

        // another rollout: 30% more CPU than the baseline
        rollOut("checkout", "1f2e3d4c5", 0.13, 270 * MIB);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    EventBody verdict = carryOut(phase9);
                    assertThat(verdict).isInstanceOf(ThresholdBreached.class);
                    assertThat(value(verdict, "cpu")).isBetween(0.125, 0.135);
                    ThresholdBreached breach = (ThresholdBreached) verdict;
                    assertThat(breach.trigger()).isEqualTo(RollbackTrigger.RESOURCES_OUTSIDE_BASELINE);
                    assertThat(breach.reason())
                            .startsWith("CPU 0.1")
                            .contains("against the pre-flight baseline 0.")
                            .endsWith("outside ±20%");
                });
    }

    @Test
    void anEnvironmentWithoutPrometheusMeasuresNothingAndSaysWhy() {
        RunChecks run = new RunChecks(
                "http://127.0.0.1:9",
                List.of(slo("error-rate", CheckKind.SLO_ERROR_RATE, "shop", 0.1)),
                null,
                100,
                500,
                "staging",
                List.of());

        EventBody verdict = carryOut(run);

        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        ThresholdBreached breach = (ThresholdBreached) verdict;
        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
        assertThat(breach.reason())
                .isEqualTo("error-rate not measured: no prometheus-url configured for environment staging on the"
                        + " validator");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
    }

    private static void workload(String deployment, Workload workload) {
        WORKLOADS.put(deployment, new AtomicReference<>(workload));
    }

    private static void rollOut(String deployment, String replicaSet, double cpu, double memory) {
        WORKLOADS
                .get(deployment)
                .updateAndGet(w -> new Workload(
                        w.requestsPerSecond(),
                        w.errorRatio(),
                        w.latencySeconds(),
                        pods(deployment, replicaSet),
                        cpu,
                        memory,
                        Instant.now()));
    }

    private static List<String> pods(String deployment, String replicaSet) {
        return List.of(deployment + "-" + replicaSet + "-abcde", deployment + "-" + replicaSet + "-fghij");
    }

    private static void expose(HttpExchange exchange) throws IOException {
        String deployment = exchange.getRequestURI().getPath().substring("/metrics/".length());
        AtomicReference<Workload> workload = WORKLOADS.get(deployment);
        byte[] body =
                workload == null ? new byte[0] : workload.get().exposition().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(workload == null ? 404 : 200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static KubernetesTarget target(String deployment) {
        return new KubernetesTarget(NAMESPACE, deployment, "app");
    }

    private static Check slo(String name, CheckKind kind, String deployment, double limit) {
        return Check.slo(name, kind, target(deployment), SLO_WINDOW, limit);
    }

    private static RunChecks command(List<Check> checks) {
        return new RunChecks("http://127.0.0.1:9", checks, null, 100, 500, ENVIRONMENT, List.of());
    }

    private static StepSucceeded awaitPassed(RunChecks run) {
        AtomicReference<EventBody> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(carryOut(run));
                    assertThat(last.get()).isInstanceOf(StepSucceeded.class);
                });
        return (StepSucceeded) last.get();
    }

    private static ThresholdBreached awaitBreach(RunChecks run, RollbackTrigger trigger) {
        AtomicReference<EventBody> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(carryOut(run));
                    assertThat(last.get()).isInstanceOf(ThresholdBreached.class);
                    assertThat(((ThresholdBreached) last.get()).trigger()).isEqualTo(trigger);
                });
        return (ThresholdBreached) last.get();
    }

    private static double value(EventBody verdict, String measurement) {
        List<Measurement> measurements =
                verdict instanceof StepSucceeded s ? s.measurements() : ((ThresholdBreached) verdict).measurements();
        return measurements.stream()
                .filter(m -> m.name().equals(measurement))
                .mapToDouble(m -> Double.parseDouble(m.value()))
                .findFirst()
                .orElseThrow();
    }

    /** The handler's verdict, after its StepStarted. */
    private static EventBody carryOut(RunChecks run) {
        List<EventBody> reported = new ArrayList<>();
        handler.carryOut(
                Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.MONITORING_VALIDATION, run),
                reported::add);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(StepStarted.class);
        return reported.get(1);
    }

    private static ValidationCommandHandler handler(Map<String, String> properties) {
        return ValidatorFixtures.handler(properties);
    }
}
