package dev.runway.coordinator.phase;

import static dev.runway.coordinator.phase.ReleaseStateMachineTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.coordinator.phase.ReleaseStateMachineTest.Release;
import dev.runway.coordinator.phase.ReleaseStateMachineTest.Run;
import dev.runway.model.Phase;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.spec.KubernetesTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pre-flight, Phase 8 and Phase 9 carry the checks read from the environment's Prometheus, or say they do not. */
class PrometheusChecksTest {

    private static final KubernetesTarget SHOP = new KubernetesTarget("production", "shop", "shop");

    /** The runbook's numbers, as the coordinator's configuration gives them by default. */
    static final ReleaseTargets.Monitoring RUNBOOK = new ReleaseTargets.Monitoring(
            300,
            99.9,
            0.1,
            500,
            1000,
            List.of("ShopHighErrorRate", "ShopDown"),
            true,
            99.9,
            2_592_000,
            90,
            true,
            120,
            20,
            10);

    static Release monitored(ReleaseTargets.Monitoring monitoring) {
        Release release = spec(false, false, false);
        ReleaseTargets t = release.targets();
        return new Release(
                release.spec(),
                new ReleaseTargets(
                        t.kubernetes(),
                        t.serviceUrl(),
                        t.database(),
                        t.configMap(),
                        t.caches(),
                        t.imageRepository(),
                        t.notifications(),
                        null,
                        null,
                        null,
                        monitoring));
    }

    private static RunChecks awaited(Run run) {
        assertThat(run.awaitedBody()).isInstanceOf(RunChecks.class);
        return (RunChecks) run.awaitedBody();
    }

    private static Map<String, String> preFlightWithBaseline() {
        return Map.of(
                Outputs.REPORTED_VERSION, "1.3.2",
                Outputs.BASELINE_CPU_CORES, "0.0250",
                Outputs.BASELINE_MEMORY_BYTES, "268435456");
    }

    @Test
    void preFlightReadsTheErrorBudgetAndMeasuresTheResourceBaseline() {
        RunChecks preFlight = awaited(new Run(monitored(RUNBOOK)));

        assertThat(preFlight.environment()).isEqualTo("production");
        assertThat(monitoringOnly(preFlight.notChecked())).isEmpty();
        assertThat(preFlight.checks())
                .extracting(Check::name)
                .containsExactly(
                        "health",
                        "ready",
                        "live",
                        "version",
                        "nodes-ready",
                        "pods-running",
                        "error-budget",
                        "cpu-baseline",
                        "memory-baseline");
        assertThat(preFlight.checks())
                .filteredOn(c -> c.monitoring() != null)
                .extracting(Check::kind, Check::monitoring)
                .containsExactly(
                        tuple(
                                CheckKind.ERROR_BUDGET,
                                new RunChecks.Monitoring(SHOP, 2_592_000, 90.0, 99.9, null, List.of())),
                        tuple(CheckKind.CPU_USAGE, new RunChecks.Monitoring(SHOP, 120, null, null, null, List.of())),
                        tuple(
                                CheckKind.MEMORY_USAGE,
                                new RunChecks.Monitoring(SHOP, 120, null, null, null, List.of())));
    }

    @Test
    void phase8ChecksTheSlosOverTheirWindowAndTheNamedAlertRules() {
        Run run = new Run(monitored(RUNBOOK)).advanceTo(Phase.MONITORING_VALIDATION);

        RunChecks phase8 = awaited(run);

        assertThat(phase8.environment()).isEqualTo("production");
        assertThat(monitoringOnly(phase8.notChecked())).isEmpty();
        assertThat(phase8.checks())
                .extracting(Check::name, Check::kind)
                .containsExactly(
                        tuple("metrics", CheckKind.PROMETHEUS_METRICS),
                        tuple("availability", CheckKind.SLO_AVAILABILITY),
                        tuple("error-rate", CheckKind.SLO_ERROR_RATE),
                        tuple("latency-p95", CheckKind.SLO_LATENCY_P95),
                        tuple("latency-p99", CheckKind.SLO_LATENCY_P99),
                        tuple("alert-rules", CheckKind.ALERT_RULES_LOADED));
        assertThat(phase8.checks())
                .filteredOn(c -> c.kind().name().startsWith("SLO_"))
                .extracting(c -> c.monitoring().limit(), c -> c.monitoring().windowSeconds())
                .containsExactly(tuple(99.9, 300L), tuple(0.1, 300L), tuple(500.0, 300L), tuple(1000.0, 300L));
        assertThat(phase8.checks().get(5).monitoring().alertRules()).containsExactly("ShopHighErrorRate", "ShopDown");
    }

    @Test
    void phase8sRowShowsWhatItsChecksMeasured() {
        Run run = new Run(monitored(RUNBOOK)).advanceTo(Phase.MONITORING_VALIDATION);
        String measured = "6 of 6 checks passed (100%); availability 99.960% >= 99.9% over 5m; error rate 0.040% <"
                + " 0.1% over 5m; latency p95 212.0 ms < 500 ms over 5m; latency p99 480.0 ms < 1000 ms over 5m;"
                + " alert rules 2 of 2 loaded: ShopHighErrorRate, ShopDown";

        run.answer(new StepSucceeded(measured, List.of(), Map.of()));
        run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        assertThat(run.state.entry(Phase.MONITORING_VALIDATION).orElseThrow().notes())
                .endsWith("; /metrics answered in Prometheus format; " + measured);
    }

    @Test
    void phase9ComparesTheNewPodsWithPreFlightsBaselineWithinTheRunbooksTolerances() {
        Run run = new Run(monitored(RUNBOOK));
        run.succeed(preFlightWithBaseline());
        run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        RunChecks phase9 = awaited(run);

        assertThat(phase9.expectedVersion()).isEqualTo("1.4.0");
        assertThat(monitoringOnly(phase9.notChecked())).isEmpty();
        assertThat(phase9.checks())
                .filteredOn(c -> c.monitoring() != null)
                .extracting(Check::name, Check::kind, Check::monitoring)
                .containsExactly(
                        tuple(
                                "cpu",
                                CheckKind.CPU_USAGE,
                                new RunChecks.Monitoring(SHOP, 120, 20.0, null, 0.025, List.of())),
                        tuple(
                                "memory",
                                CheckKind.MEMORY_USAGE,
                                new RunChecks.Monitoring(SHOP, 120, 10.0, null, 268_435_456.0, List.of())));
    }

    @Test
    void withoutPrometheusEachPhaseSaysWhatItDidNotCheck() {
        Run run = new Run(spec(false, false, false));
        RunChecks preFlight = awaited(run);
        run.advanceTo(Phase.MONITORING_VALIDATION);
        RunChecks phase8 = awaited(run);
        run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);
        RunChecks phase9 = awaited(run);

        assertThat(preFlight.checks()).allMatch(c -> c.monitoring() == null);
        assertThat(monitoringOnly(preFlight.notChecked()))
                .containsExactly("error budget and CPU and memory baseline not checked: no Prometheus monitoring"
                        + " configured for shop in production");
        assertThat(phase8.checks()).extracting(Check::name).containsExactly("metrics");
        assertThat(monitoringOnly(phase8.notChecked()))
                .containsExactly("availability, error rate, latency p95 and p99 against the SLOs and alert rules not"
                        + " checked: no Prometheus monitoring configured for shop in production");
        assertThat(phase9.checks()).allMatch(c -> c.monitoring() == null);
        assertThat(monitoringOnly(phase9.notChecked()))
                .containsExactly("CPU and memory against the pre-flight baseline not checked: no Prometheus"
                        + " monitoring configured for shop in production");
    }

    @Test
    void noAlertRulesNamedAndTheErrorBudgetAndResourcesOffAreSaidToo() {
        ReleaseTargets.Monitoring bare = new ReleaseTargets.Monitoring(
                300, 99.9, 0.1, 500, 1000, List.of(), false, 99.9, 2_592_000, 90, false, 120, 20, 10);
        Run run = new Run(monitored(bare));
        RunChecks preFlight = awaited(run);
        run.advanceTo(Phase.MONITORING_VALIDATION);
        RunChecks phase8 = awaited(run);
        run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);
        RunChecks phase9 = awaited(run);

        assertThat(preFlight.checks())
                .extracting(Check::name)
                .containsExactly("health", "ready", "live", "version", "nodes-ready", "pods-running");
        assertThat(monitoringOnly(preFlight.notChecked()))
                .containsExactly(
                        "error budget not checked: error-budget off for shop in production",
                        "CPU and memory baseline not measured: resources off for shop in production");
        assertThat(phase8.checks()).extracting(Check::name).doesNotContain("alert-rules");
        assertThat(monitoringOnly(phase8.notChecked()))
                .containsExactly("alert rules not checked: none named for shop in production");
        assertThat(monitoringOnly(phase9.notChecked()))
                .containsExactly("CPU and memory against the pre-flight baseline not checked: resources off for shop in"
                        + " production");
    }

    @Test
    void aPreFlightThatMeasuredNoBaselineLeavesPhase9SayingSo() {
        Run run = new Run(monitored(RUNBOOK)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        assertThat(monitoringOnly(awaited(run).notChecked()))
                .containsExactly(
                        "CPU and memory against the pre-flight baseline not checked: pre-flight measured none");
    }

    @Test
    void theBaselineIsKeptWithTheReleasesFacts() {
        Facts learned = Facts.NONE.learn(preFlightWithBaseline());

        assertThat(learned.resourceBaseline()).contains(new ResourceBaseline("0.0250", "268435456"));
        assertThat(Facts.fromMap(learned.asMap())).isEqualTo(learned);
        assertThat(Facts.NONE
                        .learn(Map.of(Outputs.BASELINE_CPU_CORES, "0.0250"))
                        .resourceBaseline())
                .isEmpty();
        assertThat(learned.learn(Map.of(StepSucceeded.Outputs.PASSED, "4")).resourceBaseline())
                .isPresent();
    }

    /** What the command says it left out of the Prometheus checks; the database's own lines are another test's. */
    private static List<String> monitoringOnly(List<String> notChecked) {
        return notChecked.stream()
                .filter(line ->
                        !line.contains("database") && !line.contains("PagerDuty") && !line.contains("integrations"))
                .toList();
    }
}
