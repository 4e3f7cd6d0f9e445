package dev.runway.coordinator.phase;

import dev.runway.model.spec.GoNoGoVote.Role;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a phase that asks people to vote declares: whose GO it needs and how long they have.
 *
 * @param migrationsHash what a DBA's vote must carry; null when the release has no migrations
 */
public record Poll(List<Role> required, Duration window, String migrationsHash) {

    public Poll {
        required = List.copyOf(required);
        Objects.requireNonNull(window, "window");
    }
}
