package dev.runway.validator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.event.Measurement;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.KubernetesTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class GuardWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final KubernetesTarget SHOP = new KubernetesTarget("production", "shop", "shop");
    private static final GuardQueries QUERIES = new GuardQueries(
            Map.of(
                    GuardMetric.ERROR_RATE, "errors{namespace=\"{namespace}\",deployment=\"{deployment}\"}[{range}]",
                    GuardMetric.LATENCY_P99, "p99{deployment=\"{deployment}\"}[{range}]"),
            GuardQueries.DEFAULT_MIN_RANGE_SECONDS);
    private static final GuardRule IMMEDIATE = new GuardRule(
            "error-rate-immediate",
            GuardMetric.ERROR_RATE,
            0.05,
            10,
            5,
            Severity.IMMEDIATE,
            RollbackTrigger.ERROR_RATE_SUSTAINED);
    private static final GuardRule LATENCY = new GuardRule(
            "latency-p99",
            GuardMetric.LATENCY_P99,
            1.0,
            0,
            10,
            Severity.EVALUATE,
            RollbackTrigger.LATENCY_ABOVE_THRESHOLD);

    private final List<String> asked = new ArrayList<>();
    private double errorRate = 0.0;
    private double p99 = 0.2;

    private final MetricsSource source = (query, at) -> {
        asked.add(query);
        DoubleSupplier value = query.startsWith("errors") ? () -> errorRate : () -> p99;
        return Reading.of(at, query, value.getAsDouble());
    };

    @Test
    void eachRuleIsSampledOnItsOwnIntervalWithItsQueryFilledIn() {
        GuardWatch watch = watch();
        for (int s = 0; s <= 20; s++) {
            watch.sample(source, T0.plusSeconds(s));
        }
        assertThat(asked).filteredOn(q -> q.startsWith("errors")).hasSize(5);
        assertThat(asked).filteredOn(q -> q.startsWith("p99")).hasSize(3);
        assertThat(asked.get(0)).isEqualTo("errors{namespace=\"production\",deployment=\"shop\"}[20s]");
        assertThat(asked.get(1)).isEqualTo("p99{deployment=\"shop\"}[20s]");
    }

    @Test
    void everySampleIsReportedAsAMeasurementAndABreachOnceWhenItFires() {
        GuardWatch watch = watch();
        errorRate = 0.10;
        List<GuardReport> reports = new ArrayList<>();
        for (int s = 0; s <= 30; s += 5) {
            reports.addAll(watch.sample(source, T0.plusSeconds(s)));
        }
        List<GuardReport.Turned> turned = reports.stream()
                .filter(GuardReport.Turned.class::isInstance)
                .map(GuardReport.Turned.class::cast)
                .toList();
        assertThat(turned).hasSize(1);
        GuardReport.Turned fired = turned.get(0);
        assertThat(fired.assessment()).isEqualTo(Assessment.FAILED);
        assertThat(fired.evidence().first()).isEqualTo(T0);
        assertThat(fired.evidence().last()).isEqualTo(T0.plusSeconds(10));
        assertThat(fired.evidence().samples()).isEqualTo(3);
        assertThat(fired.evidence().lastValue()).isEqualTo(0.10);
        assertThat(fired.evidence().query()).contains("deployment=\"shop\"");
        assertThat(fired.evidence().explanation()).contains("error rate > 5.00% for 10 s breached");

        assertThat(reports)
                .filteredOn(GuardReport.Sampled.class::isInstance)
                .map(r -> ((GuardReport.Sampled) r).measurement())
                .filteredOn(m -> m.name().equals("error-rate-immediate"))
                .hasSize(7)
                .allMatch(m ->
                        m.status() == Measurement.Status.FAILED && m.value().equals("0.1000"));
    }

    @Test
    void aRuleThatRecoversAndBreachesAgainIsReportedAgain() {
        GuardWatch watch = watch();
        List<GuardReport> reports = new ArrayList<>();
        errorRate = 0.10;
        for (int s = 0; s <= 10; s += 5) {
            reports.addAll(watch.sample(source, T0.plusSeconds(s)));
        }
        errorRate = 0.0;
        reports.addAll(watch.sample(source, T0.plusSeconds(15)));
        errorRate = 0.10;
        for (int s = 20; s <= 30; s += 5) {
            reports.addAll(watch.sample(source, T0.plusSeconds(s)));
        }
        assertThat(reports).filteredOn(GuardReport.Turned.class::isInstance).hasSize(2);
    }

    @Test
    void noTrafficIsReportedAsInconclusive() {
        GuardWatch watch = new GuardWatch(SHOP, List.of(IMMEDIATE), QUERIES, Limits.DEFAULTS, T0, T0.plusSeconds(60));
        List<GuardReport> reports = watch.sample((q, at) -> Reading.noData(at, q), T0);
        assertThat(reports).anySatisfy(r -> {
            assertThat(r).isInstanceOf(GuardReport.Turned.class);
            assertThat(((GuardReport.Turned) r).assessment()).isEqualTo(Assessment.INCONCLUSIVE);
        });
        assertThat(reports)
                .anySatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                GuardReport.Sampled.class,
                                s -> assertThat(s.measurement().status()).isEqualTo(Measurement.Status.INCONCLUSIVE)));
    }

    @Test
    void theRateRangeCoversOneIntervalButIsNeverBelowTheEnvironmentsMinimum() {
        GuardQueries fast = new GuardQueries(QUERIES.templates(), 4);
        assertThat(fast.rangeSeconds(IMMEDIATE)).isEqualTo(5);
        assertThat(fast.rangeSeconds(LATENCY)).isEqualTo(10);
        GuardRule everySecond = new GuardRule(
                "fast", GuardMetric.ERROR_RATE, 0.05, 10, 1, Severity.IMMEDIATE, RollbackTrigger.ERROR_RATE_SUSTAINED);
        assertThat(fast.rangeSeconds(everySecond)).isEqualTo(4);
        assertThat(QUERIES.rangeSeconds(everySecond)).isEqualTo(20);
    }

    @Test
    void aWatchExpiresAtItsHardStop() {
        GuardWatch watch = watch();
        assertThat(watch.expired(T0.plusSeconds(59))).isFalse();
        assertThat(watch.expired(T0.plusSeconds(60))).isTrue();
    }

    private GuardWatch watch() {
        return new GuardWatch(SHOP, List.of(IMMEDIATE, LATENCY), QUERIES, Limits.DEFAULTS, T0, T0.plusSeconds(60));
    }
}
