package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import java.time.Instant;
import java.util.List;

/**
 * Why a release is being rolled back, and what is left to undo.
 *
 * @param outcome    the terminal status once the rollback succeeds: ROLLED_BACK, or ABORTED when the
 *                   maximum duration ran out
 * @param remaining  steps not yet started, in order
 * @param unanswered the command of a production-changing phase the release gave up on without an answer; null when
 *                   there is none. Its worker may still carry it out, so the rollback compensates it as if it had run
 */
public record Rollback(
        RollbackTrigger trigger,
        String reason,
        Instant startedAt,
        ReleaseStatus outcome,
        List<RollbackStep> remaining,
        @JsonInclude(JsonInclude.Include.NON_NULL) PendingCommand unanswered) {

    public Rollback {
        remaining = List.copyOf(remaining);
    }

    Rollback withRemaining(List<RollbackStep> rest) {
        return new Rollback(trigger, reason, startedAt, outcome, rest, unanswered);
    }
}
