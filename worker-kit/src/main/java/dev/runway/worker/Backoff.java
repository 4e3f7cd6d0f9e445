package dev.runway.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of {@code initial * 2^(n-1)}, capped at
 * {@code max}. The random half keeps workers that failed together (a broker or database coming back) from retrying
 * together.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
        }
    }

    /** How long to wait before retry {@code retry} (1 for the first). */
    public Duration delay(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, was " + retry);
        }
        long ceiling = max.toMillis();
        long exponential = initial.toMillis();
        for (int i = 1; i < retry && exponential < ceiling; i++) {
            exponential *= 2;
        }
        long capped = Math.min(exponential, ceiling);
        long half = capped / 2;
        return Duration.ofMillis(half + random.nextLong(capped - half + 1));
    }
}
