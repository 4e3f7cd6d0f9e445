package dev.runway.notifier;

/**
 * How one call to an external system went. Sinks return it and never throw, so a failed post is a
 * measurement the coordinator sees rather than a crashed consumer.
 *
 * @param httpStatus the last answer's status, or 0 when no answer came
 * @param attempts   how many requests were sent
 * @param detail     for people; must never contain a webhook URL or routing key
 */
public record Delivery(Outcome outcome, int httpStatus, int attempts, String detail) {

    public enum Outcome {
        /** The provider accepted the message. */
        DELIVERED,
        /** The provider answered and refused, or kept failing until retries ran out. */
        REJECTED,
        /** No answer: connection refused, timeout, or the target is not configured. */
        UNREACHABLE
    }

    public static Delivery delivered(int httpStatus, int attempts) {
        return new Delivery(Outcome.DELIVERED, httpStatus, attempts, "");
    }

    public static Delivery rejected(int httpStatus, int attempts, String detail) {
        return new Delivery(Outcome.REJECTED, httpStatus, attempts, detail);
    }

    public static Delivery unreachable(int attempts, String detail) {
        return new Delivery(Outcome.UNREACHABLE, 0, attempts, detail);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
