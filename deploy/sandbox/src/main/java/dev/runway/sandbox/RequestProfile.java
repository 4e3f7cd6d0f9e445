package dev.runway.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a Ready pod of an image answers application requests ({@code /} and {@code /api/v1/products}): the share of
 * them that fail with 500, and the least time each takes. Failures are spread evenly over the image's requests
 * rather than drawn at random, so every stretch of traffic shows the stated share: a guard that fires on the sandbox
 * fires because of the rate, not because of a lucky run. Every request also takes up to {@link #JITTER} more, so
 * latencies spread over the histogram as a real service's do.
 *
 * @param errorRatio     share of application requests answered with 500, in [0, 1]
 * @param minimumLatency the least time an application request takes
 */
public record RequestProfile(double errorRatio, Duration minimumLatency) {

    /** Answers every request, within {@link #JITTER}. */
    public static final RequestProfile NORMAL = new RequestProfile(0, Duration.ZERO);

    static final Duration JITTER = Duration.ofMillis(20);

    public RequestProfile {
        Objects.requireNonNull(minimumLatency, "minimumLatency");
        if (!(errorRatio >= 0 && errorRatio <= 1)) {
            throw new IllegalArgumentException("errorRatio must be in [0, 1], got " + errorRatio);
        }
        if (minimumLatency.isNegative()) {
            throw new IllegalArgumentException("minimumLatency must not be negative");
        }
    }

    /**
     * @param sequence how many application requests this image answered before this one
     * @return whether this one fails: where the running count of failures, {@code sequence * errorRatio}, reaches
     *     its next whole number
     */
    boolean fails(long sequence) {
        return Math.floor((sequence + 1) * errorRatio) > Math.floor(sequence * errorRatio);
    }

    /** @param draw uniform in [0, 1) */
    Duration latency(double draw) {
        return minimumLatency.plusNanos((long) (JITTER.toNanos() * draw));
    }
}
