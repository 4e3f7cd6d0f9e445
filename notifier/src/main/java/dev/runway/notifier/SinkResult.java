package dev.runway.notifier;

import dev.runway.model.event.Delivery;
import dev.runway.model.event.Delivery.Outcome;
import dev.runway.model.event.Delivery.Route;
import java.time.Instant;

/**
 * How one call to an external system went. Sinks return it and never throw, so a failed post is an outcome the
 * coordinator records rather than a crashed consumer.
 *
 * @param httpStatus the last answer's status, or 0 when no answer came
 * @param attempts   how many requests were sent; 0 when the target is not configured
 * @param detail     for the log; must never contain a webhook URL or routing key
 */
public record SinkResult(Outcome outcome, int httpStatus, int attempts, String detail) {

    public static SinkResult delivered(int httpStatus, int attempts) {
        return new SinkResult(Outcome.DELIVERED, httpStatus, attempts, "");
    }

    public static SinkResult notConfigured(String detail) {
        return new SinkResult(Outcome.NOT_CONFIGURED, 0, 0, detail);
    }

    /**
     * An answer that is not a success: a 4xx other than 429 is a refusal no retry would change; anything else
     * (429, 5xx) means the provider could not take it now.
     */
    public static SinkResult answered(int httpStatus, int attempts, String detail) {
        Outcome outcome = RetryPolicy.isTransient(httpStatus) ? Outcome.UNREACHABLE : Outcome.REFUSED;
        return new SinkResult(outcome, httpStatus, attempts, detail);
    }

    public static SinkResult unreachable(int attempts, String detail) {
        return new SinkResult(Outcome.UNREACHABLE, 0, attempts, detail);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** The outcome as the coordinator records it: names the target, never its URL or key. */
    public Delivery to(Route route, String target, Instant at) {
        return new Delivery(route, target, outcome, httpStatus, attempts, at);
    }
}
