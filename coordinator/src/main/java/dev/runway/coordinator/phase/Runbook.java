package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.spec.ReleaseSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The content of a runbook: its phases in order, what each does, and how a rollback undoes them. The
 * {@link ReleaseStateMachine} runs any runbook and knows none of its phases by name.
 */
public interface Runbook {

    /** The phases in the order a release runs them, each once. */
    List<PhaseDefinition> phases();

    /**
     * The steps of a rollback, in the order they run.
     *
     * @param undo the steps named by the phases that changed production
     */
    List<RollbackStep> rollbackPlan(Set<RollbackStep> undo);

    /** The command of a planned rollback step. */
    Action.Await undo(RollbackStep step, Context release);

    /** What a runbook may read about the release when its phases and rollback steps decide what to do. */
    interface Context {

        UUID releaseId();

        ReleaseSpec spec();

        /** The token subject of who started the release. */
        String requestedBy();

        ReleaseTargets targets();

        Facts facts();

        Instant startedAt();

        Instant now();

        /** Empty when the runbook has no such phase. */
        Optional<TimelineEntry> entry(Phase phase);

        /** The hypercare the release gets if it completes now: present only while its guard is running. */
        Optional<Hypercare> hypercare();

        /** Whether production may differ from before the release because of {@code phase}. */
        boolean changed(Phase phase);

        /**
         * The id of {@code phase}'s command when the release gave up on it without an answer: its worker may still
         * carry it out, so what undoes the phase must undo it too, if it ran. Empty otherwise.
         */
        Optional<UUID> unanswered(Phase phase);

        default boolean succeeded(Phase phase) {
            return entry(phase).map(e -> e.status() == PhaseStatus.SUCCEEDED).orElse(false);
        }
    }
}
