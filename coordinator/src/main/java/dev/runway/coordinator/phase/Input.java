package dev.runway.coordinator.phase;

import dev.runway.coordinator.phase.RollbackRequest.Authority;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.GoNoGoVote;
import java.util.UUID;

/** What can happen to a running release besides its start. */
public sealed interface Input {

    /** A worker reported on a command. */
    record WorkerReported(Event event) implements Input {}

    /**
     * Time passed: deadlines (maximum duration, silent workers, decisions not taken, rollback announcements not
     * answered) are checked.
     */
    record ClockTicked() implements Input {}

    /**
     * The coordinator's own page about a rollback announcement that reached nobody concluded: PagerDuty accepted it,
     * it was given up on, or fallback paging is not configured.
     *
     * @param notice the Announce command whose {@link Notice#fallback()} it concludes
     */
    record FallbackPaged(UUID notice, Delivery delivery) implements Input {}

    /**
     * A person decided after a guard rule fired.
     *
     * @param decidedBy the subject of their token
     */
    record Decided(DecisionAction action, String reason, String decidedBy) implements Input {}

    /**
     * A person voted GO or NO-GO for one role during the GO/NO-GO phase.
     *
     * @param voter          the subject of their token, which holds {@code role}
     * @param migrationsHash what the voter approved; must match the release's for a DBA vote, ignored otherwise
     * @param skipRehearsal  the DBA's GO consents to migrating without a rehearsal; refused on any other vote
     */
    record Voted(
            GoNoGoVote.Role role,
            GoNoGoVote.Decision decision,
            String voter,
            String comment,
            String migrationsHash,
            boolean skipRehearsal)
            implements Input {

        public Voted(
                GoNoGoVote.Role role,
                GoNoGoVote.Decision decision,
                String voter,
                String comment,
                String migrationsHash) {
            this(role, decision, voter, comment, migrationsHash, false);
        }
    }

    /** A deployment lead stops the release; only before anything changed. */
    record AbortRequested(String by, String reason) implements Input {}

    /** One of the two people the runbook's manual rollback needs asks for it. */
    record RollbackRequested(Authority authority, String by, String reason) implements Input {}

    /**
     * A newer release of the same application and environment started: its rollout would trip this release's
     * hypercare watch, which observes the same Deployment.
     */
    record Superseded(UUID by) implements Input {}
}
