package dev.runway.coordinator.phase;

import dev.runway.model.PhaseStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the runbook's Appendix B timeline: a phase, or a rollback step.
 *
 * @param stage the {@link dev.runway.model.Phase} or {@link RollbackStep} name
 */
public record TimelineEntry(
        String stage, String label, String task, PhaseStatus status, Instant startedAt, Instant endedAt, String notes) {

    public Duration duration() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    TimelineEntry withStatus(PhaseStatus newStatus, Instant at, String newNotes) {
        Instant start = startedAt == null ? at : startedAt;
        Instant end = newStatus == PhaseStatus.RUNNING ? null : at;
        return new TimelineEntry(stage, label, task, newStatus, start, end, newNotes == null ? notes : newNotes);
    }

    TimelineEntry withNotes(String newNotes) {
        return new TimelineEntry(stage, label, task, status, startedAt, endedAt, newNotes);
    }
}
