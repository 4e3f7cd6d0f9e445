package dev.runway.validator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.validator.Assessor;
import dev.runway.validator.CheckResult;
import dev.runway.validator.Verdict;
import dev.runway.validator.guard.Reading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MonitoringChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final KubernetesTarget SHOP = new KubernetesTarget("production", "shop", "shop");
    private static final Check ERROR_RATE = Check.slo("error-rate", CheckKind.SLO_ERROR_RATE, SHOP, 300, 0.1);
    private static final Check AVAILABILITY = Check.slo("availability", CheckKind.SLO_AVAILABILITY, SHOP, 300, 99.9);
    private static final Check P95 = Check.slo("latency-p95", CheckKind.SLO_LATENCY_P95, SHOP, 300, 500);
    private static final Check P99 = Check.slo("latency-p99", CheckKind.SLO_LATENCY_P99, SHOP, 300, 1000);
    private static final Check BUDGET = Check.errorBudget("error-budget", SHOP, 99.9, 2_592_000, 90);
    private static final Check ALERTS = Check.alertRules("alert-rules", List.of("ShopHighErrorRate", "ShopDown"));

    private static Reading value(double value) {
        return Reading.of(NOW, "q", value);
    }

    private static RunChecks command(List<Check> checks) {
        return new RunChecks("http://shop.internal", checks, null, 100, 500, "production", List.of());
    }

    @Nested
    class Slos {

        @Test
        void anErrorRateBelowTheSloPassesAndSaysBy() {
            CheckResult r = MonitoringChecks.judge(ERROR_RATE, value(0.0004));

            assertThat(r.passed()).isTrue();
            assertThat(r.reading().value()).isEqualTo("0.040");
            assertThat(r.reading().unit()).isEqualTo("%");
            assertThat(r.reading().threshold()).isEqualTo("< 0.1%");
            assertThat(r.reading().explanation()).isEqualTo("error rate 0.040% < 0.1% over 5m");
        }

        @Test
        void anErrorRateAtTheSloFails() {
            CheckResult r = MonitoringChecks.judge(ERROR_RATE, value(0.001));

            assertThat(r.passed()).isFalse();
            assertThat(r.finding()).isEqualTo("error rate 0.100% >= 0.1% over 5m");
        }

        @Test
        void availabilityAtItsSloPassesAndBelowItFails() {
            assertThat(MonitoringChecks.judge(AVAILABILITY, value(0.999)).passed())
                    .isTrue();
            CheckResult below = MonitoringChecks.judge(AVAILABILITY, value(0.985));
            assertThat(below.passed()).isFalse();
            assertThat(below.finding()).isEqualTo("availability 98.500% < 99.9% over 5m");
        }

        @Test
        void latencyIsReadInSecondsAndJudgedInMilliseconds() {
            CheckResult p95 = MonitoringChecks.judge(P95, value(0.2125));
            CheckResult p99 = MonitoringChecks.judge(P99, value(1.2));

            assertThat(p95.passed()).isTrue();
            assertThat(p95.reading().explanation()).isEqualTo("latency p95 212.5 ms < 500 ms over 5m");
            assertThat(p99.passed()).isFalse();
            assertThat(p99.finding()).isEqualTo("latency p99 1200.0 ms >= 1000 ms over 5m");
        }

        @Test
        void noDataIsAnErrorNotAPass() {
            CheckResult r = MonitoringChecks.judge(ERROR_RATE, Reading.noData(NOW, "sum(rate(x[300s]))"));

            assertThat(r.passed()).isFalse();
            assertThat(r.answered()).isFalse();
            assertThat(r.reading().error()).isTrue();
            assertThat(r.finding()).startsWith("no data for error rate over 5m").endsWith("sum(rate(x[300s]))");
        }

        @Test
        void aFailedQueryIsAnErrorNamingWhy() {
            CheckResult r = MonitoringChecks.judge(
                    P99, Reading.failed(NOW, "q", "Prometheus at http://p:9090 did not answer: ConnectException"));

            assertThat(r.reading().error()).isTrue();
            assertThat(r.finding())
                    .isEqualTo(
                            "latency p99 not measured: Prometheus at http://p:9090 did not answer: ConnectException");
        }
    }

    @Nested
    class ErrorBudget {

        @Test
        void budgetLeftIsOneMinusErrorsOverAllowedErrors() {
            assertThat(MonitoringChecks.budgetLeftPercent(0, 99.9)).isEqualTo(100);
            assertThat(MonitoringChecks.budgetLeftPercent(0.0005, 99.9)).isCloseTo(50, within(1e-9));
            assertThat(MonitoringChecks.budgetLeftPercent(0.002, 99.9)).isCloseTo(-100, within(1e-9));
        }

        @Test
        void moreThanTheMinimumLeftPasses() {
            CheckResult r = MonitoringChecks.judge(BUDGET, value(0.00005));

            assertThat(r.passed()).isTrue();
            assertThat(r.reading().explanation())
                    .isEqualTo("error budget 95.0% left > 90% (error ratio 0.0050% over 30d against a 99.9%"
                            + " objective)");
        }

        @Test
        void aSpentBudgetFailsNamingTheFigure() {
            CheckResult r = MonitoringChecks.judge(BUDGET, value(0.0005));

            assertThat(r.passed()).isFalse();
            assertThat(r.reading().value()).isEqualTo("50.0");
            assertThat(r.finding()).startsWith("error budget 50.0% left <= 90%");
        }
    }

    @Nested
    class Resources {

        @Test
        void preFlightMeasuresTheBaselineAndHandsItOn() {
            CheckResult cpu =
                    MonitoringChecks.judge(Check.baseline("cpu", CheckKind.CPU_USAGE, SHOP, 120), value(0.025));
            CheckResult memory = MonitoringChecks.judge(
                    Check.baseline("memory", CheckKind.MEMORY_USAGE, SHOP, 120), value(268_435_456));

            assertThat(cpu.passed()).isTrue();
            assertThat(cpu.reading().explanation()).isEqualTo("CPU 0.0250 cores per pod over 2m (Phase 9's baseline)");
            assertThat(MonitoringChecks.baselineOutputs(List.of(cpu, memory)))
                    .isEqualTo(Map.of(
                            StepSucceeded.Outputs.BASELINE_CPU_CORES, "0.0250",
                            StepSucceeded.Outputs.BASELINE_MEMORY_BYTES, "268435456"));
        }

        @Test
        void cpuTwentyPercentAboveTheBaselinePassesAndMoreFails() {
            Check cpu = Check.withinBaseline("cpu", CheckKind.CPU_USAGE, SHOP, 120, 0.025, 20);

            assertThat(MonitoringChecks.judge(cpu, value(0.030)).passed()).isTrue();
            CheckResult above = MonitoringChecks.judge(cpu, value(0.031));
            assertThat(above.passed()).isFalse();
            assertThat(above.finding())
                    .isEqualTo("CPU 0.0310 cores per pod over 2m, +24.0% against the pre-flight baseline 0.0250 cores"
                            + " outside ±20%");
        }

        @Test
        void memoryBelowTheBaselineCountsAsADeviationToo() {
            Check memory = Check.withinBaseline("memory", CheckKind.MEMORY_USAGE, SHOP, 120, 268_435_456, 10);

            CheckResult r = MonitoringChecks.judge(memory, value(228_170_137));

            assertThat(r.passed()).isFalse();
            assertThat(r.finding()).contains("memory 217.6 MiB per pod", "-15.0%", "256.0 MiB outside ±10%");
        }

        @Test
        void aBaselineOfZeroAllowsOnlyZero() {
            assertThat(MonitoringChecks.deviationPercent(0, 0)).isZero();
            assertThat(MonitoringChecks.deviationPercent(0.01, 0)).isInfinite();
        }

        @Test
        void aMeasuredBaselineThatFailedIsNotHandedOn() {
            CheckResult none = MonitoringChecks.judge(
                    Check.baseline("cpu", CheckKind.CPU_USAGE, SHOP, 120), Reading.noData(NOW, "q"));

            assertThat(MonitoringChecks.baselineOutputs(List.of(none))).isEmpty();
        }
    }

    @Nested
    class AlertRules {

        @Test
        void everyNamedRuleLoadedPasses() {
            LoadedRules loaded = new LoadedRules(
                    Map.of("ShopHighErrorRate", "ok", "ShopDown", "unknown", "Other", "ok"), Map.of(), null);

            CheckResult r = MonitoringChecks.judgeAlertRules(ALERTS, loaded);

            assertThat(r.passed()).isTrue();
            assertThat(r.reading().explanation()).isEqualTo("alert rules 2 of 2 loaded: ShopHighErrorRate, ShopDown");
        }

        @Test
        void aMissingRuleIsNamed() {
            CheckResult r = MonitoringChecks.judgeAlertRules(
                    ALERTS, new LoadedRules(Map.of("ShopHighErrorRate", "ok"), Map.of(), null));

            assertThat(r.passed()).isFalse();
            assertThat(r.reading().value()).isEqualTo("1 of 2");
            assertThat(r.finding()).isEqualTo("alert rules 1 of 2 loaded; missing: ShopDown");
        }

        @Test
        void aRuleThatFailsToEvaluateIsNotCountedAsLoaded() {
            CheckResult r = MonitoringChecks.judgeAlertRules(
                    ALERTS,
                    new LoadedRules(
                            Map.of("ShopHighErrorRate", "err", "ShopDown", "ok"),
                            Map.of("ShopHighErrorRate", "vector contains metrics with the same labelset"),
                            null));

            assertThat(r.passed()).isFalse();
            assertThat(r.finding())
                    .isEqualTo("alert rules 1 of 2 loaded; failing to evaluate: ShopHighErrorRate (vector contains"
                            + " metrics with the same labelset)");
        }

        @Test
        void rulesThatCannotBeReadAreAnError() {
            CheckResult r = MonitoringChecks.judgeAlertRules(
                    ALERTS, LoadedRules.failed("Prometheus at http://p:9090 did not answer: ConnectException"));

            assertThat(r.reading().error()).isTrue();
            assertThat(r.finding()).startsWith("alert rules not read: Prometheus at http://p:9090");
        }

        @Test
        void theRulesApiAnswerIsReadByName() {
            LoadedRules loaded = LoadedRules.parse(200, """
                    {"status":"success","data":{"groups":[{"name":"shop","rules":[
                      {"type":"alerting","name":"ShopHighErrorRate","health":"ok"},
                      {"type":"recording","name":"shop:error_ratio:rate5m","health":"ok"},
                      {"type":"alerting","name":"ShopDown","health":"err","lastError":"bad"}]}]}}""");

            assertThat(loaded.health()).isEqualTo(Map.of("ShopHighErrorRate", "ok", "ShopDown", "err"));
            assertThat(loaded.lastError()).isEqualTo(Map.of("ShopDown", "bad"));
            assertThat(LoadedRules.parse(503, "unavailable").error())
                    .isEqualTo("Prometheus answered 503 with a body that is not JSON");
        }
    }

    @Nested
    class Verdicts {

        @Test
        void anErrorRateAboveTheSloBreachesAsErrorRateElevatedBeforeThePassRate() {
            List<CheckResult> results =
                    List.of(MonitoringChecks.judge(ERROR_RATE, value(0.05)), MonitoringChecks.judge(P95, value(0.1)));

            Verdict verdict = Assessor.assess(command(List.of(ERROR_RATE, P95)), results, NOW);

            assertThat(verdict).isInstanceOf(Verdict.Breached.class);
            Verdict.Breached breach = (Verdict.Breached) verdict;
            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_ELEVATED);
            assertThat(breach.reason()).isEqualTo("error rate 5.000% >= 0.1% over 5m");
            assertThat(breach.measurements())
                    .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                    .containsExactly(
                            org.assertj.core.api.Assertions.tuple(
                                    "error-rate", "5.000", "%", Measurement.Status.FAILED),
                            org.assertj.core.api.Assertions.tuple(
                                    "latency-p95", "100.0", "ms", Measurement.Status.SUCCESSFUL));
        }

        @Test
        void eachFailureNamesItsOwnTrigger() {
            assertThat(trigger(
                            ALERTS,
                            MonitoringChecks.judgeAlertRules(ALERTS, new LoadedRules(Map.of(), Map.of(), null))))
                    .isEqualTo(RollbackTrigger.ALERT_RULES_MISSING);
            assertThat(trigger(BUDGET, MonitoringChecks.judge(BUDGET, value(0.01))))
                    .isEqualTo(RollbackTrigger.ERROR_BUDGET_EXHAUSTED);
            Check cpu = Check.withinBaseline("cpu", CheckKind.CPU_USAGE, SHOP, 120, 0.025, 20);
            assertThat(trigger(cpu, MonitoringChecks.judge(cpu, value(0.05))))
                    .isEqualTo(RollbackTrigger.RESOURCES_OUTSIDE_BASELINE);
            assertThat(trigger(AVAILABILITY, MonitoringChecks.judge(AVAILABILITY, value(0.9))))
                    .isEqualTo(RollbackTrigger.AVAILABILITY_BELOW_SLO);
        }

        @Test
        void aCheckThatMeasuredNothingIsMetricsUnavailable() {
            CheckResult none = MonitoringChecks.unmeasured(
                    ERROR_RATE, "error-rate not measured: no prometheus-url configured for environment staging");

            Verdict.Breached breach =
                    (Verdict.Breached) Assessor.assess(command(List.of(ERROR_RATE)), List.of(none), NOW);

            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
            assertThat(breach.reason()).contains("no prometheus-url configured for environment staging");
            assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
        }

        @Test
        void aPassedPhaseSummaryCarriesEachReading() {
            List<CheckResult> results =
                    List.of(MonitoringChecks.judge(ERROR_RATE, value(0.0004)), MonitoringChecks.judge(P95, value(0.2)));

            Verdict.Passed passed = (Verdict.Passed) Assessor.assess(command(List.of(ERROR_RATE, P95)), results, NOW);

            assertThat(passed.summary())
                    .isEqualTo("2 of 2 checks passed (100%); error rate 0.040% < 0.1% over 5m; latency p95 200.0 ms"
                            + " < 500 ms over 5m");
        }

        private RollbackTrigger trigger(Check check, CheckResult result) {
            return ((Verdict.Breached) Assessor.assess(command(List.of(check)), List.of(result), NOW)).trigger();
        }
    }
}
