package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Phase;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.spec.ReleaseSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the coordinator knows about one release; persisted whole after every transition.
 *
 * @param targets   where the release goes, resolved from the configuration when it started
 * @param phase     the phase running now; while rolling back, the phase that failed; null when ended
 * @param pending   the command awaited, or null
 * @param facts     what workers reported that later steps need
 * @param rollback  null unless a rollback began
 * @param guard     the continuous guard; null until the phase that starts it
 * @param decision  null unless the release is {@link ReleaseStatus#AWAITING_DECISION}
 * @param observation null unless the running phase {@link GuardObservation observes the guard}
 * @param requestedBy the token subject of who started the release
 * @param ballot      null unless a GO/NO-GO vote is open
 * @param rollbackRequest null unless someone asked for a manual rollback that has not started yet
 * @param notices     every announcement sent for the release and what became of it, in the order sent
 */
public record ReleaseState(
        UUID releaseId,
        ReleaseSpec spec,
        ReleaseTargets targets,
        ReleaseStatus status,
        Phase phase,
        PendingCommand pending,
        List<TimelineEntry> timeline,
        Facts facts,
        Rollback rollback,
        Instant startedAt,
        Instant endedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Guard guard,
        @JsonInclude(JsonInclude.Include.NON_NULL) AwaitedDecision decision,
        @JsonInclude(JsonInclude.Include.NON_NULL) Observation observation,
        String requestedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Ballot ballot,
        @JsonInclude(JsonInclude.Include.NON_NULL) RollbackRequest rollbackRequest,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Notice> notices) {

    public ReleaseState {
        timeline = List.copyOf(timeline);
        notices = notices == null ? List.of() : List.copyOf(notices);
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(facts, "facts");
    }

    /** The first row of {@code stage}. */
    public Optional<TimelineEntry> entry(Stage stage) {
        return timeline.stream().filter(e -> e.stage().equals(stage)).findFirst();
    }

    public Optional<TimelineEntry> entry(Phase phase) {
        return entry(Stage.of(phase));
    }

    /** The announcement sent as {@code commandId}, if this release sent it. */
    public Optional<Notice> notice(UUID commandId) {
        return notices.stream().filter(n -> n.commandId().equals(commandId)).findFirst();
    }
}
