package dev.runway.model.event;

import java.time.Instant;

/**
 * How one announcement reached, or failed to reach, one place people read.
 *
 * @param route      chat or paging
 * @param target     the configured name of the chat channel or PagerDuty service, never its URL or key
 * @param httpStatus the provider's last answer, 0 when none came
 * @param attempts   requests sent; 0 when the target is not configured
 * @param at         when the last attempt ended
 */
public record Delivery(Route route, String target, Outcome outcome, int httpStatus, int attempts, Instant at) {

    public enum Route {
        CHAT,
        PAGING
    }

    public enum Outcome {
        /** The provider accepted it. */
        DELIVERED,
        /** The notifier has no webhook or routing key under that name; nothing was sent. */
        NOT_CONFIGURED,
        /** The provider answered with a 4xx: retrying would not help. */
        REFUSED,
        /** No answer, or 5xx or 429 answers, until the retries ran out. */
        UNREACHABLE
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** For a timeline row: "delivered to chat 'deployments' (200, 1 attempt)" or "not delivered to chat ...". */
    public String describe() {
        String where = (route == Route.CHAT ? "chat channel '" : "PagerDuty service '") + target + "'";
        String answer = httpStatus == 0 ? "no answer" : Integer.toString(httpStatus);
        String tries = attempts + (attempts == 1 ? " attempt" : " attempts");
        return switch (outcome) {
            case DELIVERED -> "delivered to " + where + " (" + answer + ", " + tries + ")";
            case NOT_CONFIGURED -> "not delivered to " + where + ": not configured in the notifier";
            case REFUSED -> "not delivered to " + where + ": refused with " + answer + " after " + tries;
            case UNREACHABLE -> "not delivered to " + where + ": " + answer + " after " + tries;
        };
    }
}
