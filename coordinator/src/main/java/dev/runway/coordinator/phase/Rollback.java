package dev.runway.coordinator.phase;

import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import java.time.Instant;
import java.util.List;

/**
 * Why a release is being rolled back, and what is left to undo.
 *
 * @param outcome   the terminal status once the rollback succeeds: ROLLED_BACK, or ABORTED when the
 *                  maximum duration ran out
 * @param remaining steps not yet started, in order
 */
public record Rollback(
        RollbackTrigger trigger,
        String reason,
        Instant startedAt,
        ReleaseStatus outcome,
        List<RollbackStep> remaining) {

    public Rollback {
        remaining = List.copyOf(remaining);
    }

    Rollback withRemaining(List<RollbackStep> rest) {
        return new Rollback(trigger, reason, startedAt, outcome, rest);
    }
}
