package dev.runway.coordinator.phase;

import java.time.Duration;

/**
 * The coordinator's defaults for what a release spec's {@code guards} leaves out, and for people's requests.
 *
 * @param decisionTimeout       how long a person has to decide after an "EVALUATE" rule fired
 * @param hypercare             how long the guards keep watching after completion
 * @param coordinatorUrl        where people post decisions and votes, as the announcements' {@code curl} states it
 * @param rollbackRequestWindow how long one person's request for a manual rollback waits for the second person's
 */
public record GuardSettings(
        Duration decisionTimeout, Duration hypercare, String coordinatorUrl, Duration rollbackRequestWindow) {

    public static final GuardSettings DEFAULTS = new GuardSettings(
            Duration.ofMinutes(15), Duration.ofMinutes(30), "http://localhost:8080", Duration.ofMinutes(10));
}
