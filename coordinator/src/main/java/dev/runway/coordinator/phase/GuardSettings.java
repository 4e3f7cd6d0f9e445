package dev.runway.coordinator.phase;

import java.time.Duration;

/**
 * The coordinator's defaults for what a release spec's {@code guards} leaves out.
 *
 * @param decisionTimeout how long a person has to decide after an "EVALUATE" rule fired
 * @param hypercare       how long the guards keep watching after completion
 * @param coordinatorUrl  where people post decisions, as the announcements' {@code curl} states it
 */
public record GuardSettings(Duration decisionTimeout, Duration hypercare, String coordinatorUrl) {

    public static final GuardSettings DEFAULTS =
            new GuardSettings(Duration.ofMinutes(15), Duration.ofMinutes(30), "http://localhost:8080");
}
