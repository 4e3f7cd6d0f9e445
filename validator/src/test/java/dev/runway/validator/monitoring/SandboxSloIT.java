package dev.runway.validator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import dev.runway.validator.guard.SandboxWithPrometheusResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Phase 8's SLO checks with the default queries, against the sandbox's own exposition (the series the local stack's
 * demo reads) scraped by a real Prometheus: shop 1.7.0 answers one request in ten with 500, search on 1.9.0 takes at
 * least 1.2 s per request, each judged against the runbook's numbers.
 */
class SandboxSloIT {

    private static final SandboxWithPrometheusResource SANDBOX = new SandboxWithPrometheusResource();
    private static ValidationCommandHandler handler;

    @BeforeAll
    static void start() {
        handler = ValidatorFixtures.handler(SANDBOX.start());
    }

    @AfterAll
    static void stop() {
        SANDBOX.stop();
    }

    @Test
    void tenPercentErrorsBreachTheRunbooksErrorRateSlo() {
        EventBody verdict = awaitVerdict(
                List.of(slo("error-rate", CheckKind.SLO_ERROR_RATE, SandboxWithPrometheusResource.FAILING, 0.1)),
                v -> v instanceof ThresholdBreached b && b.trigger() == RollbackTrigger.ERROR_RATE_ELEVATED);

        // about one in ten over 10 s of 20 requests/s: a few percent either side
        assertThat(((ThresholdBreached) verdict).reason()).matches("error rate (\\d+\\.\\d{3})% >= 0\\.1% over 10s");
        double percent =
                Double.parseDouble(((ThresholdBreached) verdict).reason().replaceAll("error rate (\\S+)% .*", "$1"));
        assertThat(percent).isBetween(3.0, 20.0);
    }

    @Test
    void aSlowVersionPassesTheErrorRateAndBreachesTheRunbooksLatencySlo() {
        String slow = SandboxWithPrometheusResource.SLOW;
        EventBody errors = awaitVerdict(
                List.of(slo("error-rate", CheckKind.SLO_ERROR_RATE, slow, 0.1)), v -> v instanceof StepSucceeded);
        EventBody latency = awaitVerdict(
                List.of(slo("latency-p95", CheckKind.SLO_LATENCY_P95, slow, 500)),
                v -> v instanceof ThresholdBreached b && b.trigger() == RollbackTrigger.LATENCY_ABOVE_THRESHOLD);

        assertThat(((StepSucceeded) errors).summary()).contains("error rate 0.000% < 0.1% over 10s");
        assertThat(((ThresholdBreached) latency).reason()).matches("latency p95 \\d{4}\\.\\d ms >= 500 ms over 10s");
    }

    private static Check slo(String name, CheckKind kind, String deployment, double limit) {
        return Check.slo(
                name,
                kind,
                new KubernetesTarget(SandboxWithPrometheusResource.NAMESPACE, deployment, deployment),
                10,
                limit);
    }

    private static EventBody awaitVerdict(List<Check> checks, java.util.function.Predicate<EventBody> expected) {
        RunChecks run = new RunChecks(
                "http://127.0.0.1:9", checks, null, 100, 500, SandboxWithPrometheusResource.ENVIRONMENT, List.of());
        AtomicReference<EventBody> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<EventBody> reported = new ArrayList<>();
                    handler.carryOut(
                            Command.of(
                                    UUID.randomUUID(),
                                    UUID.randomUUID(),
                                    Instant.now(),
                                    Phase.MONITORING_VALIDATION,
                                    run),
                            reported::add);
                    last.set(reported.get(reported.size() - 1));
                    assertThat(last.get()).matches(expected);
                });
        return last.get();
    }
}
