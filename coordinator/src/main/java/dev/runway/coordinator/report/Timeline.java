package dev.runway.coordinator.report;

import dev.runway.coordinator.phase.GuardStep;
import dev.runway.coordinator.phase.Notice;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.TimelineEntry;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A release's timeline as the runbook's Appendix B lays it out: rows in the order they began (rows never reached
 * last, in the runbook's order), the total duration against the release's maximum, the issues and whether a rollback
 * was required. Derived only from what the release recorded.
 *
 * @param totalSeconds  from the release's start to its end, or to {@code now} while it runs
 * @param targetMinutes the release's maximum duration (the runbook's 60 minutes unless the spec says otherwise)
 * @param ended         false while the release runs: the total is so far
 * @param issues        every failed row, guard verdict, undelivered announcement and rollback, in words; empty when
 *                      there was none
 */
public record Timeline(
        UUID releaseId,
        String application,
        String environment,
        String version,
        ReleaseStatus status,
        List<Row> rows,
        long totalSeconds,
        int targetMinutes,
        boolean ended,
        List<String> issues,
        boolean rollbackRequired) {

    public Timeline {
        rows = List.copyOf(rows);
        issues = List.copyOf(issues);
    }

    /**
     * One row: Time, Phase, Task, Status, Duration, Notes.
     *
     * @param stage          the row's stage name, e.g. {@code DATABASE_MIGRATION} or {@code ROLL_BACK_APPLICATION}
     * @param mark           the runbook's status mark, e.g. ✅
     * @param durationMillis null unless the row started and ended
     */
    public record Row(
            String stage,
            String phase,
            String task,
            PhaseStatus status,
            String mark,
            Instant startedAt,
            Instant endedAt,
            Long durationMillis,
            String notes) {

        static Row of(TimelineEntry e) {
            Duration d = e.duration();
            return new Row(
                    e.stage().name(),
                    e.label(),
                    e.task(),
                    e.status(),
                    Timeline.mark(e.status()),
                    e.startedAt(),
                    e.endedAt(),
                    d == null ? null : d.toMillis(),
                    e.notes());
        }
    }

    /** @param now when the report is made: a running release's total runs to it */
    public static Timeline of(ReleaseState state, Instant now) {
        List<TimelineEntry> entries = new ArrayList<>(state.timeline());
        // stable: rows that began at the same instant keep the order the release recorded them in
        entries.sort(Comparator.comparing(TimelineEntry::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        Instant end = state.endedAt() == null ? now : state.endedAt();
        return new Timeline(
                state.releaseId(),
                state.spec().application(),
                state.spec().environment(),
                state.spec().version(),
                state.status(),
                entries.stream().map(Row::of).toList(),
                Math.max(0, Duration.between(state.startedAt(), end).toSeconds()),
                state.spec().thresholdsOrDefaults().maxDurationMinutes(),
                state.endedAt() != null,
                issues(state, entries),
                state.rollback() != null);
    }

    /** The runbook's marks: ✅ done, ⏭️ skipped, ❌ failed, ↩️ rolled back; 🔄 running and ⬜ not reached are Runway's. */
    public static String mark(PhaseStatus status) {
        return switch (status) {
            case SUCCEEDED -> "✅";
            case SKIPPED -> "⏭️";
            case FAILED -> "❌";
            case ROLLED_BACK -> "↩️";
            case RUNNING -> "🔄";
            case PENDING -> "⬜";
        };
    }

    private static List<String> issues(ReleaseState state, List<TimelineEntry> entries) {
        Set<String> issues = new LinkedHashSet<>();
        for (TimelineEntry e : entries) {
            boolean guardSaw = e.stage() == GuardStep.GUARD_BREACH || e.stage() == GuardStep.GUARD_NOTICE;
            if (e.status() == PhaseStatus.FAILED || guardSaw) {
                issues.add(e.label() + " " + e.task() + ": " + orNotRecorded(e.notes()));
            }
        }
        for (Notice n : state.notices()) {
            if (n.status() == Notice.Status.NOT_DELIVERED || n.status() == Notice.Status.UNANSWERED) {
                issues.add(n.outcome());
            }
        }
        if (state.rollback() != null) {
            issues.add("Rollback (" + state.rollback().trigger() + "): "
                    + state.rollback().reason());
        }
        if (state.status() == ReleaseStatus.ABORTED || state.status() == ReleaseStatus.FAILED) {
            issues.add("Release ended " + state.status());
        }
        return List.copyOf(issues);
    }

    static String orNotRecorded(String text) {
        return text == null || text.isBlank() ? "(no notes recorded)" : text;
    }
}
