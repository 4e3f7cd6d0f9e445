package dev.runway.rollout.cache;

import dev.runway.rollout.config.RolloutAgentConfig;
import java.time.Duration;
import java.time.Instant;

/** Invalidates a CDN distribution's paths and waits until the CDN reports it done (runbook Step 6.2). Never throws. */
public interface DistributionInvalidator {

    /**
     * @param callerReference the same for a repeat of one command, so that the CDN answers the invalidation it already
     *     created instead of creating a second
     * @param giveUpAt        the last moment to read the invalidation's status
     */
    Result invalidate(RolloutAgentConfig.CloudFront distribution, String callerReference, Instant giveUpAt);

    /**
     * @param id     the invalidation's id; null when none was created
     * @param status the status last read ({@code InProgress}, {@code Completed}); null when none was read
     * @param took   from the create request to the last status read
     * @param error  null once Completed; otherwise why not, naming the invalidation where there is one, never a
     *     credential
     */
    record Result(String id, String status, Duration took, String error) {

        public static final String COMPLETED = "Completed";

        public boolean completed() {
            return error == null && COMPLETED.equals(status);
        }
    }
}
