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
 * @param skipRehearsal  optional, only on a DATABASE_ADMINISTRATOR's GO: the DBA consents to migrating production
 *                       without rehearsing the migrations on a scratch copy first (runbook Step 2.2)
 */
public record VoteRequest(
        GoNoGoVote.Role role,
        GoNoGoVote.Decision decision,
        String comment,
        String migrationsHash,
        Boolean skipRehearsal) {

    public VoteRequest(GoNoGoVote.Role role, GoNoGoVote.Decision decision, String comment, String migrationsHash) {
        this(role, decision, comment, migrationsHash, null);
    }

    boolean skipsRehearsal() {
        return Boolean.TRUE.equals(skipRehearsal);
    }

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
        if (skipsRehearsal()
                && (role != GoNoGoVote.Role.DATABASE_ADMINISTRATOR || decision != GoNoGoVote.Decision.GO)) {
            violations.add(new Violation(
                    "skipRehearsal",
                    "only a DATABASE_ADMINISTRATOR's GO may consent to migrating without a rehearsal on a scratch"
                            + " database; leave it out of this vote"));
        }
        return violations;
    }
}
