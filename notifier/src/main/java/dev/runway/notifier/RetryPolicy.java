package dev.runway.notifier;

import java.time.Duration;

/**
 * When to send a chat post or a PagerDuty event again. Slack and PagerDuty's Events API v2 both document 429
 * (rate limited) and 5xx as transient and every other 4xx as a request that will never succeed.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** {@code status} 0 means no answer came (connection refused, timeout). */
    public static boolean isTransient(int status) {
        return status == 0 || status == 429 || status >= 500;
    }

    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** Doubles from {@code initialBackoff}, capped at {@code maxBackoff}. */
    public Duration backoffAfter(int attempt) {
        Duration backoff = initialBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
