package dev.runway.coordinator.rest;

import dev.runway.coordinator.phase.AwaitedDecision;
import dev.runway.coordinator.phase.Ballot;
import dev.runway.coordinator.phase.Guard;
import dev.runway.coordinator.phase.Notice;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.phase.RollbackRequest;
import dev.runway.coordinator.phase.TimelineEntry;
import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Measurement;
import dev.runway.model.spec.GoNoGoVote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A release as the API shows it: the runbook's Appendix B timeline, with durations.
 *
 * @param image   the pinned reference the Deployment is set to, {@code repository@digest}
 * @param targets where the release goes, as resolved from the configuration when it started
 */
@Schema(
        description =
                "A release as the coordinator knows it: where it stands, what was measured, and what it waits for")
public record ReleaseView(
        @Schema(description = "The release's id; its URL is /releases/{id}")
        UUID id,

        String application,
        String environment,
        String version,

        @Schema(description = "The subject of the token that started the release")
        String requestedBy,

        ReleaseStatus status,

        @Schema(description = "The runbook phase the release is in or ended in; null before the first")
        Phase currentPhase,

        Instant startedAt,

        @Schema(description = "Null while the release is active")
        Instant endedAt,

        @Schema(description = "From start to end; null while the release is active")
        Long durationSeconds,

        @Schema(description = "Why and when the rollback began; null without one")
        RollbackView rollback,

        @Schema(
                description = "What the phases found out and later phases use, e.g. the revision to roll"
                        + " back to and the backup's location")
        Map<String, String> facts,

        @Schema(description = "The latest measurement of each guard rule, by rule name")
        Map<String, Measurement> guards,

        @Schema(description = "When hypercare ends; null outside hypercare")
        Instant hypercareUntil,

        @Schema(description = "The newer release whose start ended hypercare early; null otherwise")
        UUID hypercareEndedBy,

        @Schema(description = "What a person is asked to decide (POST /releases/{id}/decisions); null otherwise")
        DecisionView decision,

        @Schema(description = "The GO/NO-GO vote (POST /releases/{id}/votes); null before and after it")
        VoteView vote,

        @Schema(description = "A manual rollback asked for by one authority, waiting for the other; null otherwise")
        RollbackRequestView rollbackRequest,

        @Schema(
                description = "The pinned image the Deployment is set to, repository@digest",
                example =
                        "registry.sandbox.local/shop@sha256:5f0c1b8e9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b")
        String image,

        @Schema(description = "Where the release goes, as configured when it started")
        ReleaseTargets targets,

        @Schema(description = "The runbook's Appendix B timeline, one row per task")
        List<TimelineRow> timeline,

        @Schema(description = "The announcements sent for the release and what became of each")
        List<NoticeView> notices) {

    public static ReleaseView of(ReleaseState s) {
        RollbackView rollback = s.rollback() == null
                ? null
                : new RollbackView(
                        s.rollback().trigger().name(),
                        s.rollback().trigger().immediate(),
                        s.rollback().reason(),
                        s.rollback().startedAt());
        Long duration = s.endedAt() == null
                ? null
                : Duration.between(s.startedAt(), s.endedAt()).toSeconds();
        return new ReleaseView(
                s.releaseId(),
                s.spec().application(),
                s.spec().environment(),
                s.spec().version(),
                s.requestedBy(),
                s.status(),
                s.phase(),
                s.startedAt(),
                s.endedAt(),
                duration,
                rollback,
                s.facts().asMap(),
                s.guard() == null ? Map.of() : s.guard().samples(),
                s.guard() == null ? null : s.guard().hypercareUntil(),
                s.guard() == null ? null : s.guard().hypercareEndedBy(),
                DecisionView.of(s.decision(), s.guard()),
                VoteView.of(s.ballot()),
                RollbackRequestView.of(s.rollbackRequest()),
                s.spec().image().in(s.targets().imageRepository()).reference(),
                s.targets(),
                s.timeline().stream().map(TimelineRow::of).toList(),
                s.notices().stream().map(NoticeView::of).toList());
    }

    /**
     * One announcement and what became of it.
     *
     * @param status     SENT (no answer yet), DELIVERED, NOT_DELIVERED, or UNANSWERED (a rollback announcement the
     *                   notifier did not answer by {@code answerBy})
     * @param outcome    the deliveries in words, e.g. "not delivered to chat channel 'deployments': 503 after 4
     *                   attempts"; null while SENT
     * @param deliveries one per place tried, with its answer, attempts and time
     * @param commandId  the Announce command, as the notifier's log and the audit stream name it
     * @param answerBy   rollback announcements only: when the notifier's answer was due
     * @param fallback   the coordinator's own PagerDuty page, when the announcement reached nobody
     */
    public record NoticeView(
            UUID commandId,
            String announcement,
            String stage,
            Notice.Status status,
            Instant sentAt,
            Instant concludedAt,
            String outcome,
            List<Delivery> deliveries,
            Delivery escalation,
            Instant answerBy,
            Notice.Fallback fallback) {

        static NoticeView of(Notice n) {
            return new NoticeView(
                    n.commandId(),
                    n.announcement().name(),
                    n.stage().name(),
                    n.status(),
                    n.sentAt(),
                    n.concludedAt(),
                    n.status() == Notice.Status.SENT ? null : n.outcome(),
                    n.deliveries(),
                    n.escalation(),
                    n.answerBy(),
                    n.fallback());
        }
    }

    /**
     * What a person is asked to decide: after an "EVALUATE" breach, or after a hypercare alert.
     *
     * @param deadline  null after a hypercare alert: the release has completed, nothing happens by itself
     * @param onTimeout null after a hypercare alert
     */
    public record DecisionView(String trigger, String rule, String evidence, Instant deadline, String onTimeout) {

        static DecisionView of(AwaitedDecision awaited, Guard guard) {
            if (awaited != null) {
                return new DecisionView(
                        awaited.breach().trigger().name(),
                        awaited.breach().rule(),
                        awaited.breach().explanation(),
                        awaited.deadline(),
                        awaited.onTimeout().name());
            }
            if (guard != null && guard.alert() != null) {
                return new DecisionView(
                        guard.alert().trigger().name(),
                        guard.alert().rule(),
                        guard.alert().explanation(),
                        null,
                        null);
            }
            return null;
        }
    }

    /**
     * The open GO/NO-GO vote.
     *
     * @param migrationsHash what a DATABASE_ADMINISTRATOR vote must carry; null when the release has no migrations
     */
    public record VoteView(
            List<GoNoGoVote.Role> required,
            List<GoNoGoVote.Role> missing,
            Instant deadline,
            String migrationsHash,
            List<GoNoGoVote> votes) {

        static VoteView of(Ballot ballot) {
            return ballot == null
                    ? null
                    : new VoteView(
                            ballot.required(),
                            ballot.missing(),
                            ballot.deadline(),
                            ballot.migrationsHash(),
                            ballot.votes());
        }
    }

    /** A manual rollback asked for by one person, waiting for the other authority. */
    public record RollbackRequestView(List<RollbackRequest.Ask> asks, List<RollbackRequest.Authority> missing) {

        static RollbackRequestView of(RollbackRequest request) {
            return request == null ? null : new RollbackRequestView(request.asks(), request.missing());
        }
    }

    /**
     * @param immediate true for the runbook's "IMMEDIATE ROLLBACK REQUIRED" triggers
     */
    public record RollbackView(String trigger, boolean immediate, String reason, Instant startedAt) {}

    /** One row: Time, Phase, Task, Status, Duration, Notes. */
    public record TimelineRow(
            String stage,
            String phase,
            String task,
            PhaseStatus status,
            Instant startedAt,
            Instant endedAt,
            Long durationMillis,
            String notes) {

        static TimelineRow of(TimelineEntry e) {
            Duration d = e.duration();
            return new TimelineRow(
                    e.stage().name(),
                    e.label(),
                    e.task(),
                    e.status(),
                    e.startedAt(),
                    e.endedAt(),
                    d == null ? null : d.toMillis(),
                    e.notes());
        }
    }
}
