package dev.runway.validator.guard;

import static dev.runway.validator.guard.SandboxWithPrometheusResource.ENVIRONMENT;
import static dev.runway.validator.guard.SandboxWithPrometheusResource.FAILING;
import static dev.runway.validator.guard.SandboxWithPrometheusResource.NAMESPACE;
import static dev.runway.validator.guard.SandboxWithPrometheusResource.SLOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.KubernetesTarget;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The guards on a real Kafka broker against a real Prometheus scraping the sandbox's synthetic traffic: shop 1.7.0
 * (10 % errors) and search on shop 1.9.0 (at least 1.2 s per request). Rules are tightened to a 10 s window sampled
 * every 2 s so that a breach comes within seconds; the time is counted from the first sample with a value, because
 * Prometheus needs a few scrapes before a rate exists.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SandboxWithPrometheusResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class GuardWatchIT {

    private static final Logger LOG = Logger.getLogger(GuardWatchIT.class);
    private static final long WINDOW = 10;
    private static final long INTERVAL = 2;
    /** A breach fires at the first sample one window after the first breaching one; two intervals of slack. */
    private static final Duration BREACH_DEADLINE = Duration.ofSeconds(WINDOW + 2 * INTERVAL);

    private static final Duration WARM_UP_AND_BREACH = Duration.ofSeconds(60);

    private final KafkaTestClient kafka = KafkaTestClient.onTestBroker();
    private final UUID releaseId = UUID.randomUUID();

    @Test
    void tenPercentErrorsOnShop170BreachTheImmediateErrorRateRuleWithinItsWindow() {
        GuardRule rule = new GuardRule(
                "error-rate-immediate",
                GuardMetric.ERROR_RATE,
                0.05,
                WINDOW,
                INTERVAL,
                Severity.IMMEDIATE,
                RollbackTrigger.ERROR_RATE_SUSTAINED);
        Command watch = send(watch(FAILING, rule));

        List<Event> events = kafka.events(releaseId, breached(watch, Verdict.FAILED));

        Event breach = breach(events, Verdict.FAILED);
        ThresholdBreached body = (ThresholdBreached) breach.body();
        Evidence evidence = body.evidence();
        assertThat(body.trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
        assertThat(evidence.query()).contains("deployment=\"" + FAILING + "\"");
        assertThat(evidence.lastValue()).isBetween(0.05, 0.15);
        assertThat(body.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(Measurement.Status.FAILED));
        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        Duration took = sinceFirstValue(events, breach);
        LOG.infof(
                "shop 1.7.0: breach %.1f s after the first sample with a value; error rate %.2f %%; %s",
                took.toMillis() / 1000.0, evidence.lastValue() * 100, body.reason());
        assertThat(took).isLessThanOrEqualTo(BREACH_DEADLINE);
    }

    @Test
    void shop190SlowerThanASecondBreachesTheLatencyRule() {
        GuardRule rule = new GuardRule(
                "latency-p99",
                GuardMetric.LATENCY_P99,
                1.0,
                WINDOW,
                INTERVAL,
                Severity.EVALUATE,
                RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
        Command watch = send(watch(SLOW, rule));

        List<Event> events = kafka.events(releaseId, breached(watch, Verdict.FAILED));

        Event breach = breach(events, Verdict.FAILED);
        ThresholdBreached body = (ThresholdBreached) breach.body();
        assertThat(body.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
        assertThat(body.evidence().query()).contains("deployment=\"" + SLOW + "\"");
        assertThat(body.evidence().lastValue()).isGreaterThan(1.0);
        Duration took = sinceFirstValue(events, breach);
        LOG.infof(
                "shop 1.9.0: breach %.1f s after the first sample with a value; p99 %.0f ms",
                took.toMillis() / 1000.0, body.evidence().lastValue() * 1000);
        assertThat(took).isLessThanOrEqualTo(BREACH_DEADLINE);
    }

    @Test
    void aRedeliveredWatchStartsOnceAndStopGuardsEndsItsSamples() {
        // holds on shop 1.7.0, so the watch only samples
        GuardRule rule = new GuardRule(
                "error-rate-half",
                GuardMetric.ERROR_RATE,
                0.5,
                WINDOW,
                INTERVAL,
                Severity.IMMEDIATE,
                RollbackTrigger.ERROR_RATE_SUSTAINED);
        Command watch = send(watch(FAILING, rule));
        kafka.send(watch);
        kafka.events(releaseId, events -> samples(events, watch) >= 3);

        Command stop = send(new StopGuards("release completed"));
        List<Event> untilStopped = kafka.events(releaseId, events -> concluded(events, stop));
        Instant quietUntil = Instant.now().plusSeconds(3 * INTERVAL);
        List<Event> events = kafka.events(releaseId, seen -> Instant.now().isAfter(quietUntil));

        assertThat(events)
                .filteredOn(e -> e.commandId().equals(watch.commandId()) && e.body() instanceof StepStarted)
                .hasSize(1);
        assertThat(events)
                .filteredOn(e -> e.commandId().equals(watch.commandId()) && e.body() instanceof StepProgressed)
                .extracting(
                        e -> ((StepProgressed) e.body()).measurements().get(0).at())
                .doesNotHaveDuplicates();
        Event stopped = untilStopped.get(untilStopped.size() - 1);
        assertThat(stopped.body())
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        s -> assertThat(s.summary()).isEqualTo("stopped watching 1 guard rules: release completed"));
        assertThat(events.subList(events.indexOf(stopped) + 1, events.size())).isEmpty();
        LOG.infof("%d samples before StopGuards, none in the %d s after", samples(events, watch), 3 * INTERVAL);
    }

    @Test
    void anEnvironmentWithoutPrometheusIsRefused() {
        GuardRule rule = GuardRule.RUNBOOK_DEFAULTS.get(0);
        Command watch = send(new WatchGuards(
                "staging",
                new KubernetesTarget(NAMESPACE, FAILING, FAILING),
                List.of(rule),
                Instant.now().plusSeconds(60)));

        List<Event> events = kafka.events(releaseId, events1 -> concluded(events1, watch));

        assertThat(events.get(events.size() - 1).body())
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .isEqualTo("environment staging cannot be guarded: the validator has no"
                                        + " runway.validator.environments.\"staging\".prometheus-url"));
    }

    private WatchGuards watch(String deployment, GuardRule rule) {
        return new WatchGuards(
                ENVIRONMENT,
                new KubernetesTarget(NAMESPACE, deployment, deployment),
                List.of(rule),
                Instant.now().plus(WARM_UP_AND_BREACH));
    }

    private Command send(CommandBody body) {
        Command command = Command.of(UUID.randomUUID(), releaseId, Instant.now(), Phase.MONITORING_VALIDATION, body);
        kafka.send(command);
        return command;
    }

    private static Predicate<List<Event>> breached(Command watch, Verdict verdict) {
        return events -> events.stream().anyMatch(e -> isBreach(e, watch, verdict));
    }

    private static boolean isBreach(Event event, Command watch, Verdict verdict) {
        return event.commandId().equals(watch.commandId())
                && event.body() instanceof ThresholdBreached breach
                && breach.evidence() != null
                && breach.evidence().verdict() == verdict;
    }

    private static Event breach(List<Event> events, Verdict verdict) {
        return events.stream()
                .filter(e ->
                        e.body() instanceof ThresholdBreached b && b.evidence().verdict() == verdict)
                .findFirst()
                .orElseThrow();
    }

    private static boolean concluded(List<Event> events, Command command) {
        return events.stream()
                .anyMatch(e ->
                        e.commandId().equals(command.commandId()) && e.body().concludes());
    }

    private static long samples(List<Event> events, Command watch) {
        return events.stream()
                .filter(e -> e.commandId().equals(watch.commandId()) && e.body() instanceof StepProgressed)
                .count();
    }

    /** From the first sample Prometheus could give a value for (a rate needs two scrapes) to the breach. */
    private static Duration sinceFirstValue(List<Event> events, Event breach) {
        Event first = events.stream()
                .filter(e -> e.body() instanceof StepProgressed p
                        && p.measurements().get(0).status() != Measurement.Status.INCONCLUSIVE
                        && p.measurements().get(0).status() != Measurement.Status.ERROR)
                .findFirst()
                .orElseThrow();
        LOG.infof(
                "%d samples, the first with a value at %s: %s",
                events.stream().filter(e -> e.body() instanceof StepProgressed).count(),
                first.occurredAt(),
                ((StepProgressed) first.body()).message().toLowerCase(Locale.ROOT));
        return Duration.between(first.occurredAt(), breach.occurredAt());
    }
}
