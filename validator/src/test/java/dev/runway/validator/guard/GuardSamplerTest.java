package dev.runway.validator.guard;

import static dev.runway.validator.guard.GuardFixtures.ERRORS_ABOVE_5_FOR_10_S;
import static dev.runway.validator.guard.GuardFixtures.T0;
import static dev.runway.validator.guard.GuardFixtures.command;
import static dev.runway.validator.guard.GuardFixtures.guardWatch;
import static dev.runway.validator.guard.GuardFixtures.watchShop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.guard.Verdict;
import dev.runway.validator.guard.GuardFixtures.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuardSamplerTest {

    private static final GuardRule P99_ABOVE_1_S_AT_ONCE = new GuardRule(
            "latency-p99",
            GuardMetric.LATENCY_P99,
            1.0,
            0,
            2,
            Severity.EVALUATE,
            RollbackTrigger.LATENCY_ABOVE_THRESHOLD);

    private final HandClock clock = new HandClock();
    private final List<Event> published = new ArrayList<>();
    private final GuardWatches watches = new GuardWatches();
    private final GuardSampler sampler =
            new GuardSampler(watches, published::add, clock, "validator", Duration.ofSeconds(1));
    private final AtomicReference<Reading> next = new AtomicReference<>();
    private final MetricsSource fake = (query, at) -> {
        Reading template = next.get();
        return new Reading(at, query, template.value(), template.error());
    };
    private final UUID release = UUID.randomUUID();

    @Test
    void everySampleIsPublishedAsProgressSayingValueThresholdAndWindow() {
        Command command = watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.of(T0, "", 0.1012));

        sampleAt(T0);

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.commandId()).isEqualTo(command.commandId());
            assertThat(event.releaseId()).isEqualTo(release);
            assertThat(event.source()).isEqualTo("validator");
            assertThat(event.occurredAt()).isEqualTo(T0);
            StepProgressed progress = (StepProgressed) event.body();
            assertThat(progress.message())
                    .isEqualTo("error-rate-immediate: error rate 10.12% (threshold 5.00%, window 10 s)");
            assertThat(progress.measurements()).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("error-rate-immediate");
                assertThat(m.value()).isEqualTo("0.1012");
                assertThat(m.unit()).isEqualTo("ratio");
                assertThat(m.status()).isEqualTo(Measurement.Status.FAILED);
            });
        });
    }

    @Test
    void aBreachSustainedForTheWindowIsPublishedOnceWithItsEvidenceAndLastMeasurement() {
        watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.of(T0, "", 0.1));

        for (int s = 0; s <= 16; s++) {
            sampleAt(T0.plusSeconds(s));
        }

        List<ThresholdBreached> breaches = bodies(ThresholdBreached.class);
        assertThat(breaches).singleElement().satisfies(breach -> {
            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
            assertThat(breach.evidence().verdict()).isEqualTo(Verdict.FAILED);
            assertThat(breach.evidence().query()).isEqualTo("errors{deployment=\"shop\"}[20s]");
            assertThat(breach.evidence().last()).isEqualTo(T0.plusSeconds(10));
            assertThat(breach.reason()).isEqualTo(breach.evidence().explanation());
            assertThat(breach.measurements()).singleElement().satisfies(m -> {
                assertThat(m.value()).isEqualTo("0.1000");
                assertThat(m.at()).isEqualTo(T0.plusSeconds(10));
            });
        });
        // one sample every 2 s from T0 to T0 + 16 s, the breach right after the sample that fired it
        assertThat(published).hasSize(10);
        assertThat(published.get(6).body()).isInstanceOf(ThresholdBreached.class);
    }

    @Test
    void noDataAndRepeatedErrorsArePublishedAsBreachesWithTheirVerdict() {
        watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.noData(T0, ""));
        sampleAt(T0);
        next.set(Reading.failed(T0, "", "Prometheus answered 503: unavailable"));
        for (int s = 2; s <= 10; s += 2) {
            sampleAt(T0.plusSeconds(s));
        }

        assertThat(bodies(ThresholdBreached.class))
                .extracting(b -> b.evidence().verdict())
                .containsExactly(Verdict.INCONCLUSIVE, Verdict.ERROR);
        assertThat(bodies(StepProgressed.class))
                .extracting(StepProgressed::message)
                .startsWith(
                        "error-rate-immediate: error rate no data (threshold 5.00%, window 10 s)",
                        "error-rate-immediate: error rate not measured: Prometheus answered 503: unavailable"
                                + " (threshold 5.00%, window 10 s)");
    }

    @Test
    void eachRuleOfAWatchIsReportedUnderItsOwnName() {
        watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S, P99_ABOVE_1_S_AT_ONCE);
        next.set(Reading.of(T0, "", 1.25));

        sampleAt(T0);

        assertThat(bodies(StepProgressed.class))
                .extracting(StepProgressed::message)
                .containsExactly(
                        "error-rate-immediate: error rate 125.00% (threshold 5.00%, window 10 s)",
                        "latency-p99: p99 latency 1250 ms (threshold 1000 ms, window 0 s)");
        assertThat(bodies(ThresholdBreached.class)).singleElement().satisfies(breach -> {
            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
            assertThat(breach.measurements()).extracting(Measurement::name).containsExactly("latency-p99");
        });
    }

    @Test
    void anExpiredWatchIsDroppedWithoutAnotherSample() {
        watch(T0.plusSeconds(4), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.of(T0, "", 0.0));
        sampleAt(T0);
        sampleAt(T0.plusSeconds(2));

        sampleAt(T0.plusSeconds(4));

        assertThat(published).hasSize(2);
        assertThat(watches.current()).isEmpty();
    }

    @Test
    void aStoppedWatchIsNotSampled() {
        watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.of(T0, "", 0.0));
        sampleAt(T0);

        watches.stop(release);
        sampleAt(T0.plusSeconds(2));

        assertThat(published).hasSize(1);
    }

    @Test
    void aSourceOrPublisherThatThrowsDoesNotStopTheOtherWatchesNorLaterTicks() {
        List<Event> seen = new ArrayList<>();
        GuardSampler failingOnce = new GuardSampler(
                watches,
                event -> {
                    if (seen.isEmpty()) {
                        seen.add(event);
                        throw new IllegalStateException("broker gone");
                    }
                    seen.add(event);
                },
                clock,
                "validator",
                Duration.ofSeconds(1));
        MetricsSource throwing = (query, at) -> {
            throw new IllegalStateException("secret=hunter2");
        };
        watches.watch(
                new GuardWatches.Watched(
                        command(UUID.randomUUID(), watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)),
                        throwing,
                        guardWatch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)),
                () -> {});
        watch(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S);
        next.set(Reading.of(T0, "", 0.0));

        clock.set(T0);
        failingOnce.sampleDue();
        clock.set(T0.plusSeconds(2));
        failingOnce.sampleDue();

        assertThat(seen)
                .hasSize(2)
                .allSatisfy(event -> assertThat(event.releaseId()).isEqualTo(release));
    }

    private Command watch(Instant until, GuardRule... rules) {
        Command command = command(release, watchShop(until, rules));
        watches.watch(new GuardWatches.Watched(command, fake, guardWatch(until, rules)), () -> {});
        return command;
    }

    private void sampleAt(Instant now) {
        clock.set(now);
        sampler.sampleDue();
    }

    private <T> List<T> bodies(Class<T> type) {
        return published.stream()
                .map(Event::body)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
