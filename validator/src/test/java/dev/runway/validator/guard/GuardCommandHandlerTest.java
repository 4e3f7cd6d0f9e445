package dev.runway.validator.guard;

import static dev.runway.validator.guard.GuardFixtures.ERRORS_ABOVE_5_FOR_10_S;
import static dev.runway.validator.guard.GuardFixtures.QUERIES;
import static dev.runway.validator.guard.GuardFixtures.SHOP;
import static dev.runway.validator.guard.GuardFixtures.T0;
import static dev.runway.validator.guard.GuardFixtures.command;
import static dev.runway.validator.guard.GuardFixtures.watchShop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.Command;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.validator.guard.GuardEnvironments.GuardEnvironment;
import dev.runway.validator.guard.GuardFixtures.HandClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuardCommandHandlerTest {

    private static final MetricsSource NO_DATA = (query, at) -> Reading.noData(at, query);

    private final GuardWatches watches = new GuardWatches();
    private final HandClock clock = new HandClock();
    private final GuardCommandHandler handler = new GuardCommandHandler(
            name -> name.equals("production")
                    ? Optional.of(new GuardEnvironment(NO_DATA, QUERIES, Limits.DEFAULTS))
                    : Optional.empty(),
            watches,
            clock);
    private final List<EventBody> reported = new ArrayList<>();
    private final UUID release = UUID.randomUUID();

    @Test
    void aWatchStartsSamplingAndIsAnsweredWithStartedOnly() {
        Command watch = command(release, watchShop(T0.plusSeconds(600), ERRORS_ABOVE_5_FOR_10_S));

        handler.carryOut(watch, reported::add);

        assertThat(reported)
                .singleElement()
                .isEqualTo(new StepStarted("watching 1 guard rules until 2026-11-26T12:10:00Z: error-rate-immediate"));
        assertThat(watches.current())
                .singleElement()
                .satisfies(w -> assertThat(w.command()).isEqualTo(watch));
    }

    @Test
    void theSameWatchDeliveredAgainIsNotStartedAgain() {
        Command watch = command(release, watchShop(T0.plusSeconds(600), ERRORS_ABOVE_5_FOR_10_S));
        handler.carryOut(watch, reported::add);
        GuardWatches.Watched running = watches.current().get(0);

        handler.carryOut(watch, reported::add);

        assertThat(reported).hasSize(1);
        assertThat(watches.current()).singleElement().isSameAs(running);
    }

    @Test
    void anEnvironmentWithoutPrometheusCannotBeGuarded() {
        handler.carryOut(
                command(
                        release,
                        new WatchGuards("staging", SHOP, List.of(ERRORS_ABOVE_5_FOR_10_S), T0.plusSeconds(60))),
                reported::add);

        assertThat(reported)
                .singleElement()
                .isEqualTo(new StepFailed(
                        "environment staging cannot be guarded: the validator has no"
                                + " runway.validator.environments.\"staging\".prometheus-url",
                        List.of()));
        assertThat(watches.current()).isEmpty();
    }

    @Test
    void aWatchWhoseTimeIsUpOrWithoutRulesFails() {
        handler.carryOut(command(release, watchShop(T0, ERRORS_ABOVE_5_FOR_10_S)), reported::add);
        handler.carryOut(command(release, watchShop(T0.plusSeconds(60))), reported::add);

        assertThat(reported)
                .extracting(body -> ((StepFailed) body).reason())
                .containsExactly("nothing to watch: until 2026-11-26T12:00:00Z has passed", "no guard rules to watch");
        assertThat(watches.current()).isEmpty();
    }

    @Test
    void stopEndsTheWatchAndSucceeds() {
        handler.carryOut(command(release, watchShop(T0.plusSeconds(600), ERRORS_ABOVE_5_FOR_10_S)), reported::add);
        reported.clear();

        handler.carryOut(command(release, new StopGuards("release completed")), reported::add);
        handler.carryOut(command(release, new StopGuards("release completed")), reported::add);

        assertThat(reported)
                .extracting(body -> ((StepSucceeded) body).summary())
                .containsExactly(
                        "stopped watching 1 guard rules: release completed",
                        "no guards were being watched: release completed");
        assertThat(watches.current()).isEmpty();
    }
}
