package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));
    private final Random random = new Random(7);

    @Test
    void eachRetryWaitsBetweenHalfAndAllOfADoublingDelay() {
        long[] ceilings = {500, 1000, 2000, 4000, 8000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            long ceiling = ceilings[retry - 1];
            int n = retry;
            assertThat(IntStream.range(0, 200)
                            .mapToLong(i -> backoff.delay(n, random).toMillis()))
                    .allSatisfy(ms -> assertThat(ms).isBetween(ceiling / 2, ceiling));
        }
    }

    @Test
    void theDelayStopsGrowingAtTheMaximum() {
        assertThat(IntStream.range(0, 200)
                        .mapToLong(i -> backoff.delay(40, random).toMillis()))
                .allSatisfy(ms -> assertThat(ms).isBetween(4000L, 8000L));
    }

    @Test
    void jitterSpreadsTheRetriesOfWorkersThatFailedTogether() {
        assertThat(IntStream.range(0, 50)
                        .mapToLong(i -> backoff.delay(3, random).toMillis())
                        .distinct()
                        .count())
                .isGreaterThan(10);
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the initial");
    }
}
