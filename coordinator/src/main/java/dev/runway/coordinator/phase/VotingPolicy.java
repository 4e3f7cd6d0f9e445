package dev.runway.coordinator.phase;

import dev.runway.model.spec.GoNoGoVote.Role;
import dev.runway.model.spec.ReleaseSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who must vote GO before a release leaves GO/NO-GO, per environment, and how long they have.
 *
 * @param byEnvironment the roles an environment requires; an environment not named here requires the runbook's four
 * @param window        from the start of GO/NO-GO; without consensus by then the release aborts
 */
public record VotingPolicy(Map<String, List<Role>> byEnvironment, Duration window) {

    /** The runbook's four roles in every environment, and its T-15m. */
    public static final VotingPolicy RUNBOOK = new VotingPolicy(Map.of(), Duration.ofMinutes(15));

    public VotingPolicy {
        byEnvironment = Map.copyOf(byEnvironment);
    }

    /** A release with migrations needs a DBA's GO wherever it goes: the DBA approves exactly what will run. */
    public List<Role> requiredFor(ReleaseSpec spec) {
        List<Role> required = new ArrayList<>(byEnvironment.getOrDefault(spec.environment(), List.of(Role.values())));
        if (spec.hasMigrations() && !required.contains(Role.DATABASE_ADMINISTRATOR)) {
            required.add(Role.DATABASE_ADMINISTRATOR);
        }
        return List.copyOf(required);
    }
}
