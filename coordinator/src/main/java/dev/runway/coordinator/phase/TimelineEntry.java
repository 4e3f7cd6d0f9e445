package dev.runway.coordinator.phase;

import dev.runway.model.PhaseStatus;
import java.time.Duration;
import java.time.Instant;

/** One row of the runbook's Appendix B timeline: a phase, or a rollback step. */
public record TimelineEntry(
        Stage stage, String label, String task, PhaseStatus status, Instant startedAt, Instant endedAt, String notes) {

    static TimelineEntry pending(Stage stage) {
        return new TimelineEntry(stage, stage.label(), stage.task(), PhaseStatus.PENDING, null, null, null);
    }

    static TimelineEntry started(Stage stage, PhaseStatus status, Instant at, String notes) {
        Instant end = status == PhaseStatus.RUNNING ? null : at;
        return new TimelineEntry(stage, stage.label(), stage.task(), status, at, end, notes);
    }

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
