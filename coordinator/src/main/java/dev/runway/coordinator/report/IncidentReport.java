package dev.runway.coordinator.report;

import dev.runway.coordinator.phase.Facts;
import dev.runway.coordinator.phase.GuardStep;
import dev.runway.coordinator.phase.PersonStep;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.Rollback;
import dev.runway.coordinator.phase.RollbackStep;
import dev.runway.coordinator.phase.Stage;
import dev.runway.coordinator.phase.TimelineEntry;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The runbook's Post-Rollback Actions, step 1 "Create Incident Report", for a release that rolled back: what triggered
 * it and the evidence, when it was detected and decided, how long the rollback took against the runbook's 5 minutes,
 * what it undid, the versions, and the next steps. Only what the release recorded; whatever it did not is said to be
 * not recorded.
 *
 * @param title       "Production Deployment Rollback - v1.4.0", as the runbook names the ticket
 * @param severity    always null: the runbook leaves CRITICAL / HIGH / MEDIUM to whoever opens the ticket
 * @param rolledBack  what the rollback undid, part by part: application, configuration, database, caches
 * @param steps       the rollback's rows R1 to R5 as they ran
 * @param nextSteps   the runbook's Post-Rollback Actions as a checklist
 */
public record IncidentReport(
        String title,
        UUID releaseId,
        String application,
        String environment,
        String version,
        ReleaseStatus status,
        Trigger trigger,
        Moment detected,
        Moment decided,
        RollbackTiming rollback,
        List<Part> rolledBack,
        List<Timeline.Row> steps,
        Versions versions,
        String severity,
        String severityNote,
        Links links,
        List<String> nextSteps) {

    /** The runbook's Rollback Time Target. */
    public static final Duration ROLLBACK_TARGET = Duration.ofMinutes(5);

    static final String NOT_RECORDED = "not recorded";

    public IncidentReport {
        rolledBack = List.copyOf(rolledBack);
        steps = List.copyOf(steps);
        nextSteps = List.copyOf(nextSteps);
    }

    /**
     * @param runbookWords the runbook's "When to Rollback" entry, or Runway's words for a trigger it does not list
     * @param category     IMMEDIATE ROLLBACK REQUIRED or EVALUATE ROLLBACK
     * @param reason       the rollback's reason as the release recorded it
     * @param evidence     what was measured: values, threshold and window, as recorded; "not recorded" when nothing
     */
    public record Trigger(String name, String runbookWords, String category, String reason, String evidence) {}

    /**
     * A moment of the incident.
     *
     * @param at   null when not recorded
     * @param by   who or what: the guard, a worker, a person's subject, Runway automatically
     */
    public record Moment(Instant at, String by, String notes) {}

    /**
     * @param finishedAt      when ROLLBACK COMPLETE was declared, or when the rollback failed; null while it runs
     * @param durationSeconds from R1 to its end; null while it runs
     * @param withinTarget    against the runbook's Rollback Time Target (<5 minutes); null while it runs
     */
    public record RollbackTiming(
            Instant startedAt,
            Instant finishedAt,
            Long durationSeconds,
            long targetSeconds,
            Boolean withinTarget,
            Long fromDetectionSeconds) {}

    /**
     * One part of production the rollback restores.
     *
     * @param outcome ROLLED_BACK, FAILED, NOT_REACHED (the rollback stopped before it), NOT_NEEDED (the release had
     *                not changed it)
     */
    public record Part(String part, RollbackStep step, Outcome outcome, String notes) {

        public enum Outcome {
            ROLLED_BACK,
            FAILED,
            RUNNING,
            NOT_REACHED,
            NOT_NEEDED
        }
    }

    /**
     * @param released        the release's version, rolled back
     * @param runningBefore   the version /health reported before the release, which the rollback brings back
     * @param revisionBefore  the Deployment revision the rollout replaced
     * @param revisionCreated the Deployment revision the rollout created
     */
    public record Versions(
            String released,
            String runningBefore,
            String revisionBefore,
            String revisionCreated,
            String schemaBefore,
            String schemaAfter) {}

    public record Links(String release, String dashboard) {}

    /** Why {@code state} has no incident report; empty when it has one. */
    public static Optional<String> notApplicable(ReleaseState state) {
        return switch (state.status()) {
            case ROLLED_BACK, FAILED -> Optional.empty();
            case ABORTED ->
                state.rollback() == null
                        ? Optional.of(
                                "it was ABORTED before anything changed in production, so nothing was rolled" + " back")
                        : Optional.empty();
            case ROLLING_BACK -> Optional.of("it is still ROLLING_BACK; the report is made once the rollback ends");
            case RUNNING, AWAITING_DECISION, COMPLETED ->
                Optional.of("it is " + state.status() + " and was not rolled" + " back");
        };
    }

    /**
     * @param publicUrl the coordinator's address as people reach it ({@code runway.coordinator.public-url})
     * @throws IllegalArgumentException when the release did not roll back ({@link #notApplicable})
     */
    public static IncidentReport of(ReleaseState state, String publicUrl) {
        Optional<String> why = notApplicable(state);
        if (why.isPresent()) {
            throw new IllegalArgumentException("no incident report: " + why.get());
        }
        Rollback rollback = state.rollback();
        Moment detected = detection(state, rollback);
        Instant finished = finish(state);
        Long seconds = finished == null
                ? null
                : Duration.between(rollback.startedAt(), finished).toSeconds();
        Long fromDetection = finished == null || detected.at() == null
                ? null
                : Duration.between(detected.at(), finished).toSeconds();
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        Facts facts = state.facts();
        return new IncidentReport(
                "Production Deployment Rollback - v" + state.spec().version(),
                state.releaseId(),
                state.spec().application(),
                state.spec().environment(),
                state.spec().version(),
                state.status(),
                new Trigger(
                        rollback.trigger().name(),
                        RunbookTriggers.words(rollback.trigger()),
                        RunbookTriggers.category(rollback.trigger()),
                        rollback.reason(),
                        detected.notes() == null ? NOT_RECORDED : detected.notes()),
                detected,
                decision(state, rollback),
                new RollbackTiming(
                        rollback.startedAt(),
                        finished,
                        seconds,
                        ROLLBACK_TARGET.toSeconds(),
                        seconds == null ? null : seconds < ROLLBACK_TARGET.toSeconds(),
                        fromDetection),
                parts(state, rollback),
                state.timeline().stream()
                        .filter(e -> e.stage() instanceof RollbackStep)
                        .map(Timeline.Row::of)
                        .toList(),
                new Versions(
                        state.spec().version(),
                        facts.previousVersion().orElse(null),
                        facts.previousRevision().map(Object::toString).orElse(null),
                        facts.revision().map(Object::toString).orElse(null),
                        facts.schemaVersionBefore().orElse(null),
                        facts.schemaVersionAfter().orElse(null)),
                null,
                "the runbook leaves CRITICAL / HIGH / MEDIUM to whoever opens the incident ticket; the trigger is on"
                        + " its " + RunbookTriggers.category(rollback.trigger()) + " list",
                new Links(base + "/releases/" + state.releaseId(), base + "/dashboard/releases/" + state.releaseId()),
                nextSteps(state));
    }

    /**
     * The guard's breach that led to the rollback, else the phase whose failure did, else (manual) the first request;
     * the latest of each kind before the rollback began.
     */
    private static Moment detection(ReleaseState state, Rollback rollback) {
        Optional<TimelineEntry> breach = latestBefore(state, GuardStep.GUARD_BREACH, rollback.startedAt());
        if (breach.isPresent()) {
            return new Moment(
                    breach.get().startedAt(), "the guard", breach.get().notes());
        }
        Optional<TimelineEntry> failedPhase = state.timeline().stream()
                .filter(e -> e.stage() instanceof Stage.OfPhase && e.status() == PhaseStatus.FAILED)
                .filter(e -> e.endedAt() != null && !e.endedAt().isAfter(rollback.startedAt()))
                .reduce((a, b) -> b);
        if (rollback.trigger() != RollbackTrigger.MANUAL && failedPhase.isPresent()) {
            TimelineEntry e = failedPhase.get();
            return new Moment(e.endedAt(), e.label() + " " + e.task(), e.notes());
        }
        Optional<TimelineEntry> asked = state.timeline().stream()
                .filter(e -> e.stage() == PersonStep.ROLLBACK_REQUEST)
                .findFirst();
        if (asked.isPresent()) {
            return new Moment(asked.get().startedAt(), "a person", asked.get().notes());
        }
        return new Moment(null, NOT_RECORDED, null);
    }

    /** A person's decision when one was asked for or the rollback was requested, else Runway's own at R1. */
    private static Moment decision(ReleaseState state, Rollback rollback) {
        Optional<TimelineEntry> decided = latestBefore(state, GuardStep.DECISION, rollback.startedAt());
        if (decided.isPresent() && decided.get().status() != PhaseStatus.RUNNING) {
            TimelineEntry e = decided.get();
            String by = e.notes() != null && e.notes().contains(" decided by ")
                    ? "a person (deployment lead)"
                    : "the decision timeout";
            return new Moment(e.endedAt(), by, e.notes());
        }
        if (rollback.trigger() == RollbackTrigger.MANUAL) {
            List<String> asks = state.timeline().stream()
                    .filter(e -> e.stage() == PersonStep.ROLLBACK_REQUEST)
                    .map(TimelineEntry::notes)
                    .toList();
            return new Moment(
                    rollback.startedAt(),
                    "the runbook's manual rollback authority",
                    asks.isEmpty() ? NOT_RECORDED : String.join("; ", asks));
        }
        return new Moment(
                rollback.startedAt(),
                "Runway, automatically",
                rollback.trigger().immediate()
                        ? "an IMMEDIATE ROLLBACK REQUIRED trigger rolls back at once"
                        : "the failed step had changed production, so Runway rolled it back");
    }

    /** R5's row when the rollback completed; when it failed, the end of the release. */
    private static Instant finish(ReleaseState state) {
        Optional<TimelineEntry> complete = latest(state, RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE);
        if (complete.isPresent()) {
            return complete.get().startedAt();
        }
        return state.endedAt();
    }

    private static List<Part> parts(ReleaseState state, Rollback rollback) {
        List<Part> parts = new ArrayList<>();
        parts.add(part(state, rollback, "Application", RollbackStep.ROLL_BACK_APPLICATION));
        parts.add(part(state, rollback, "Configuration", RollbackStep.RESTORE_CONFIGURATION));
        parts.add(part(state, rollback, "Database", RollbackStep.ROLL_BACK_DATABASE));
        parts.add(part(state, rollback, "Caches", RollbackStep.FLUSH_CACHES));
        return parts;
    }

    private static Part part(ReleaseState state, Rollback rollback, String name, RollbackStep step) {
        Optional<TimelineEntry> row = latest(state, step);
        if (row.isPresent()) {
            Part.Outcome outcome = switch (row.get().status()) {
                case SUCCEEDED, ROLLED_BACK -> Part.Outcome.ROLLED_BACK;
                case FAILED -> Part.Outcome.FAILED;
                case RUNNING, PENDING -> Part.Outcome.RUNNING;
                case SKIPPED -> Part.Outcome.NOT_NEEDED;
            };
            return new Part(name, step, outcome, row.get().notes());
        }
        if (rollback.remaining().contains(step)) {
            return new Part(name, step, Part.Outcome.NOT_REACHED, "the rollback stopped before it");
        }
        return new Part(name, step, Part.Outcome.NOT_NEEDED, "the release had not changed it");
    }

    private static List<String> nextSteps(ReleaseState state) {
        List<String> steps = new ArrayList<>();
        if (state.status() == ReleaseStatus.FAILED) {
            steps.add("The rollback itself failed: production needs a person now (see the failed step above)");
        }
        steps.add("Create the incident ticket \"Production Deployment Rollback - v"
                + state.spec().version() + "\" with this report and set its severity (CRITICAL / HIGH / MEDIUM)");
        steps.add("Preserve evidence: logs of the failed deployment (kubectl logs -n "
                + state.targets().kubernetes().namespace() + " -l app="
                + state.targets().kubernetes().deployment()
                + " --previous), metrics and dashboard screenshots of the error spikes, database query logs if"
                + " relevant");
        Instant from = state.endedAt() == null ? state.rollback().startedAt() : state.endedAt();
        steps.add("Schedule the post-mortem within 24-48 hours (between " + from.plus(Duration.ofHours(24)) + " and "
                + from.plus(Duration.ofHours(48)) + "): Deployment Lead, Engineering Manager, the developers who made"
                + " the changes, DevOps Engineer, Product Manager");
        steps.add("Fix and re-deploy: hotfix branch, test in staging, code review; the new deployment typically 1-3"
                + " days later, with additional testing");
        return steps;
    }

    private static Optional<TimelineEntry> latestBefore(ReleaseState state, Stage stage, Instant until) {
        return state.timeline().stream()
                .filter(e -> e.stage().equals(stage))
                .filter(e -> e.startedAt() != null && !e.startedAt().isAfter(until))
                .reduce((a, b) -> b);
    }

    private static Optional<TimelineEntry> latest(ReleaseState state, Stage stage) {
        return state.timeline().stream().filter(e -> e.stage().equals(stage)).reduce((a, b) -> b);
    }
}
