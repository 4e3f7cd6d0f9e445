package dev.runway.validator.guard;

import static dev.runway.validator.guard.GuardFixtures.ERRORS_ABOVE_5_FOR_10_S;
import static dev.runway.validator.guard.GuardFixtures.T0;
import static dev.runway.validator.guard.GuardFixtures.command;
import static dev.runway.validator.guard.GuardFixtures.guardWatch;
import static dev.runway.validator.guard.GuardFixtures.watchShop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.Command;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.guard.GuardRule;
import dev.runway.validator.guard.GuardWatches.Registration;
import dev.runway.validator.guard.GuardWatches.Watched;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardWatchesTest {

    private static final MetricsSource NO_DATA = (query, at) -> Reading.noData(at, query);

    private final GuardWatches watches = new GuardWatches();
    private final AtomicInteger announced = new AtomicInteger();
    private final UUID release = UUID.randomUUID();

    @Test
    void aFirstWatchStartsAndIsAnnouncedOnce() {
        Watched watched = watched(command(release, watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)));

        assertThat(watches.watch(watched, announced::incrementAndGet)).isEqualTo(Registration.STARTED);

        assertThat(announced).hasValue(1);
        assertThat(watches.current()).containsExactly(watched);
    }

    @Test
    void theSameCommandAgainKeepsTheRunningWatchAndItsWindow() {
        Command command = command(release, watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S));
        Watched first = watched(command);
        watches.watch(first, announced::incrementAndGet);

        assertThat(watches.watch(watched(command), announced::incrementAndGet))
                .isEqualTo(Registration.ALREADY_WATCHING);

        assertThat(announced).hasValue(1);
        assertThat(watches.current()).singleElement().isSameAs(first);
    }

    @Test
    void anotherCommandForTheSameReleaseReplacesItsWatch() {
        Watched first = watched(command(release, watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)));
        Watched second = watched(command(release, watchShop(T0.plusSeconds(120), ERRORS_ABOVE_5_FOR_10_S)));
        watches.watch(first, announced::incrementAndGet);

        assertThat(watches.watch(second, announced::incrementAndGet)).isEqualTo(Registration.REPLACED);

        assertThat(announced).hasValue(2);
        assertThat(watches.current()).containsExactly(second);
        assertThat(watches.ifCurrent(first, () -> {})).isFalse();
        assertThat(watches.ifCurrent(second, () -> {})).isTrue();
    }

    @Test
    void watchesOfOtherReleasesStayApart() {
        Watched shop = watched(command(release, watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)));
        Watched other = watched(command(UUID.randomUUID(), watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)));
        watches.watch(shop, () -> {});
        watches.watch(other, () -> {});

        assertThat(watches.stop(release)).contains(shop);

        assertThat(watches.current()).containsExactly(other);
    }

    @Test
    void aStoppedWatchIsGoneAndPublishesNothingMore() {
        Watched watched = watched(command(release, watchShop(T0.plusSeconds(60), ERRORS_ABOVE_5_FOR_10_S)));
        watches.watch(watched, () -> {});

        assertThat(watches.stop(release)).contains(watched);

        assertThat(watches.current()).isEmpty();
        assertThat(watches.stop(release)).isEmpty();
        assertThat(watches.ifCurrent(watched, () -> {
                    throw new AssertionError("published after stop");
                }))
                .isFalse();
    }

    @Test
    void aWatchExpiresAtItsUntilAndNotBefore() {
        Watched shortOne = watched(command(release, watchShop(T0.plusSeconds(30), ERRORS_ABOVE_5_FOR_10_S)));
        Watched longOne = watched(command(UUID.randomUUID(), watchShop(T0.plusSeconds(90), ERRORS_ABOVE_5_FOR_10_S)));
        watches.watch(shortOne, () -> {});
        watches.watch(longOne, () -> {});

        assertThat(watches.expire(T0.plusSeconds(29))).isEmpty();
        assertThat(watches.expire(T0.plusSeconds(30))).containsExactly(shortOne);

        assertThat(watches.current()).containsExactly(longOne);
    }

    private static Watched watched(Command command) {
        WatchGuards body = (WatchGuards) command.body();
        return new Watched(
                command, NO_DATA, guardWatch(body.until(), body.rules().toArray(GuardRule[]::new)));
    }
}
