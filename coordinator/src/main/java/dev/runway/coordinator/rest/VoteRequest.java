package dev.runway.coordinator.rest;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.spec.GoNoGoVote;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /releases/{id}/votes}. The voter is the caller's token subject, never the body's word.
 *
 * @param role           the role voted for; the caller's token must hold it
 * @param migrationsHash required for a DBA vote on a release with migrations: the hash shown with the release
 */
public record VoteRequest(GoNoGoVote.Role role, GoNoGoVote.Decision decision, String comment, String migrationsHash) {

    List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        if (role == null) {
            violations.add(new Violation(
                    "role",
                    "is required: DEPLOYMENT_LEAD, DEVOPS_ENGINEER, DATABASE_ADMINISTRATOR or ENGINEERING_MANAGER"));
        }
        if (decision == null) {
            violations.add(new Violation("decision", "is required: GO or NO_GO"));
        }
        return violations;
    }
}
