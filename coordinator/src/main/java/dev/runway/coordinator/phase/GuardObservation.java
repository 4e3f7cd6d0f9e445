package dev.runway.coordinator.phase;

import java.time.Duration;
import java.util.Objects;

/**
 * A phase that passes only once the guard has watched the release for {@code period} with data from every rule.
 *
 * @param checked what the success of the phase's own command shows, stated after the guards' measurements
 */
public record GuardObservation(Duration period, String checked) {

    public GuardObservation {
        Objects.requireNonNull(period);
        Objects.requireNonNull(checked);
    }
}
