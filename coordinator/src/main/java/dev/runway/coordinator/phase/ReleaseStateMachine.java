package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.Topics;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.spec.GoNoGoVote;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.Thresholds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The runbook as a pure function: {@code (state, input, now) -> Transition}. No I/O, no clock, no
 * randomness: command ids derive from the release id and the step, so applying the same input to
 * the same state always gives the same commands, and a command re-sent after a crash keeps its id.
 *
 * <p>Valid inputs per status: RUNNING and ROLLING_BACK accept the concluding or progress events of
 * the one command they await, and clock ticks; terminal statuses accept nothing.
 */
public final class ReleaseStateMachine {

    /** Where no worker reports at all within this margin past its own timeout, the step has failed. */
    static final Duration WORKER_GRACE = Duration.ofSeconds(60);

    static final Duration CHECK_DEADLINE = Duration.ofMinutes(2);
    static final Duration CACHE_DEADLINE = Duration.ofMinutes(5);

    private static final Set<Phase> CHANGING_PHASES = EnumSet.of(
            Phase.DATABASE_MIGRATION,
            Phase.APPLICATION_DEPLOYMENT,
            Phase.CONFIGURATION_UPDATE,
            Phase.CACHE_INVALIDATION);

    private ReleaseStateMachine() {}

    /** A new release: every phase pending, pre-flight checks requested. */
    public static Transition start(UUID releaseId, ReleaseSpec spec, Instant now) {
        List<TimelineEntry> timeline = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            timeline.add(new TimelineEntry(
                    phase.name(), phase.runbookLabel(), phase.task(), PhaseStatus.PENDING, null, null, null));
        }
        ReleaseState initial = new ReleaseState(
                releaseId, spec, ReleaseStatus.RUNNING, null, null, timeline, Map.of(), null, now, null);
        Step step = new Step(initial, now);
        step.change(
                null,
                null,
                "release " + spec.version() + " of " + spec.application() + " to " + spec.environment()
                        + " requested by " + spec.requestedBy());
        step.enterPhase(Phase.PRE_FLIGHT_CHECKS);
        return step.done();
    }

    public static Transition on(ReleaseState state, Input input, Instant now) {
        if (state.status().terminal()) {
            return Transition.rejected(state, "release has ended " + state.status());
        }
        if (input instanceof Input.WorkerReported reported) {
            return onEvent(state, reported.event(), now);
        }
        return onTick(state, now);
    }

    private static Transition onEvent(ReleaseState state, Event event, Instant now) {
        PendingCommand pending = state.pending();
        if (pending == null || !pending.commandId().equals(event.commandId())) {
            return Transition.rejected(
                    state,
                    "event " + event.eventId() + " answers command " + event.commandId()
                            + ", which this release does not await (stale or duplicate)");
        }
        Step step = new Step(state, now);
        step.learn(event.body());
        EventBody body = event.body();
        if (body instanceof StepStarted started) {
            step.note(pending.stage(), started.description());
        } else if (body instanceof StepProgressed progressed) {
            step.note(pending.stage(), progressed.message());
        } else if (body instanceof StepSucceeded succeeded) {
            step.succeeded(pending, succeeded.summary());
        } else if (body instanceof StepFailed failed) {
            step.failed(pending, RollbackTrigger.STEP_FAILED, failed.reason(), ReleaseStatus.ROLLED_BACK);
        } else if (body instanceof ThresholdBreached breached) {
            step.failed(pending, breached.trigger(), breached.reason(), ReleaseStatus.ROLLED_BACK);
        }
        return step.done();
    }

    private static Transition onTick(ReleaseState state, Instant now) {
        Duration maximum =
                Duration.ofMinutes(state.spec().thresholdsOrDefaults().maxDurationMinutes());
        Step step = new Step(state, now);
        if (state.status() == ReleaseStatus.RUNNING
                && !now.isBefore(state.startedAt().plus(maximum))) {
            step.failed(
                    state.pending(),
                    RollbackTrigger.MAXIMUM_DURATION_EXCEEDED,
                    "maximum deployment duration of " + maximum.toMinutes() + " minutes exceeded",
                    ReleaseStatus.ABORTED);
            return step.done();
        }
        PendingCommand pending = state.pending();
        if (pending != null && !now.isBefore(pending.deadline())) {
            step.failed(
                    pending,
                    RollbackTrigger.STEP_FAILED,
                    "no answer from " + pending.worker() + " by " + pending.deadline(),
                    ReleaseStatus.ROLLED_BACK);
            return step.done();
        }
        return Transition.rejected(state, "nothing is due");
    }

    /** One transition being built. Mutable, but local to a single call. */
    private static final class Step {
        private final Instant now;
        private final ReleaseSpec spec;
        private final UUID releaseId;
        private ReleaseStatus status;
        private Phase phase;
        private PendingCommand pending;
        private final List<TimelineEntry> timeline;
        private final Map<String, String> facts;
        private Rollback rollback;
        private final Instant startedAt;
        private Instant endedAt;
        private final List<Command> commands = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();

        Step(ReleaseState state, Instant now) {
            this.now = now;
            this.spec = state.spec();
            this.releaseId = state.releaseId();
            this.status = state.status();
            this.phase = state.phase();
            this.pending = state.pending();
            this.timeline = new ArrayList<>(state.timeline());
            this.facts = new HashMap<>(state.facts());
            this.rollback = state.rollback();
            this.startedAt = state.startedAt();
            this.endedAt = state.endedAt();
        }

        Transition done() {
            ReleaseState state = new ReleaseState(
                    releaseId, spec, status, phase, pending, timeline, facts, rollback, startedAt, endedAt);
            return new Transition(state, commands, changes, null);
        }

        // ---- running forward

        void enterPhase(Phase next) {
            String skip = skipReason(next);
            if (skip != null) {
                mark(next.name(), PhaseStatus.SKIPPED, "Skipped (" + skip + ")");
                change(next, PhaseStatus.SKIPPED, skip);
                advanceFrom(next);
                return;
            }
            phase = next;
            mark(next.name(), PhaseStatus.RUNNING, null);
            change(next, PhaseStatus.RUNNING, next.task() + " started");
            Thresholds thresholds = spec.thresholdsOrDefaults();
            switch (next) {
                // with no expected version, the version check reads the one running now: the rollback target
                case PRE_FLIGHT_CHECKS ->
                    await(next.name(), checks(withVersion(healthChecks()), null, 100), CHECK_DEADLINE);
                case GO_NO_GO -> decideGoNoGo();
                case DEPLOYMENT_START -> {
                    announce(Announcement.DEPLOYMENT_STARTED, Map.of(Announce.Facts.REQUESTED_BY, spec.requestedBy()));
                    await(next.name(), checks(healthChecks(), null, 100), CHECK_DEADLINE);
                }
                case DATABASE_MIGRATION ->
                    await(
                            next.name(),
                            new StartMigration(
                                    spec.database().database(),
                                    restorePoint(),
                                    spec.database().migrations(),
                                    thresholds.migrationTimeoutSeconds()),
                            Duration.ofSeconds(thresholds.migrationTimeoutSeconds())
                                    .plus(WORKER_GRACE));
                case APPLICATION_DEPLOYMENT ->
                    await(
                            next.name(),
                            new RollOutDeployment(spec.kubernetes(), spec.image(), thresholds.rolloutTimeoutSeconds()),
                            rolloutDeadline());
                case CONFIGURATION_UPDATE ->
                    await(
                            next.name(),
                            new ApplyConfiguration(
                                    spec.kubernetes(),
                                    spec.configuration().configMap(),
                                    spec.configuration().data(),
                                    spec.configuration().restartRequired(),
                                    thresholds.rolloutTimeoutSeconds()),
                            rolloutDeadline());
                case SERVICE_VALIDATION, POST_DEPLOYMENT_VERIFICATION ->
                    await(next.name(), checks(withVersion(healthChecks()), spec.version(), 100), CHECK_DEADLINE);
                case CACHE_INVALIDATION -> await(next.name(), new InvalidateCaches(spec.caches()), CACHE_DEADLINE);
                case SMOKE_TESTING ->
                    await(
                            next.name(),
                            checks(
                                    spec.smokeChecks().stream()
                                            .map(s -> new Check(
                                                    s.name(),
                                                    CheckKind.HTTP_STATUS,
                                                    s.path(),
                                                    s.expectedStatus(),
                                                    s.bodyContains()))
                                            .toList(),
                                    null,
                                    thresholds.smokePassRatePercent()),
                            CHECK_DEADLINE);
                case MONITORING_VALIDATION ->
                    await(
                            next.name(),
                            checks(
                                    List.of(new Check("metrics", CheckKind.PROMETHEUS_METRICS, "/metrics", 200, null)),
                                    null,
                                    100),
                            CHECK_DEADLINE);
                case DEPLOYMENT_COMPLETION -> complete();
            }
        }

        private String skipReason(Phase next) {
            return switch (next) {
                case DATABASE_MIGRATION -> spec.hasMigrations() ? null : "no database schema changes in this release";
                case CONFIGURATION_UPDATE -> spec.hasConfigurationChange() ? null : "no configuration changes";
                case CACHE_INVALIDATION -> spec.hasCacheTargets() ? null : "no cache targets";
                default -> null;
            };
        }

        private void advanceFrom(Phase finished) {
            Phase[] phases = Phase.values();
            enterPhase(phases[finished.ordinal() + 1]);
        }

        private void decideGoNoGo() {
            Map<GoNoGoVote.Role, GoNoGoVote> votes = new LinkedHashMap<>();
            spec.goNoGo().forEach(v -> votes.put(v.role(), v));
            List<String> noGo = new ArrayList<>();
            for (GoNoGoVote.Role role : GoNoGoVote.Role.values()) {
                GoNoGoVote vote = votes.get(role);
                if (vote == null) {
                    noGo.add("no vote from " + role);
                } else if (vote.decision() == GoNoGoVote.Decision.NO_GO) {
                    noGo.add(role + " (" + vote.by() + ") voted NO-GO");
                }
            }
            if (noGo.isEmpty()) {
                String by = votes.values().stream().map(GoNoGoVote::by).collect(Collectors.joining(", "));
                mark(Phase.GO_NO_GO.name(), PhaseStatus.SUCCEEDED, "GO (" + by + ")");
                change(Phase.GO_NO_GO, PhaseStatus.SUCCEEDED, "GO: consensus of all four roles");
                advanceFrom(Phase.GO_NO_GO);
            } else {
                String reason = "NO-GO: " + String.join("; ", noGo);
                mark(Phase.GO_NO_GO.name(), PhaseStatus.FAILED, reason);
                change(Phase.GO_NO_GO, PhaseStatus.FAILED, reason);
                abort(reason);
            }
        }

        private void complete() {
            String duration = minutes(Duration.between(startedAt, now));
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.DURATION, duration);
            entry(Phase.SMOKE_TESTING.name())
                    .map(TimelineEntry::notes)
                    .ifPresent(n -> announced.put(Announce.Facts.SMOKE_TESTS, n));
            entry(Phase.APPLICATION_DEPLOYMENT.name())
                    .map(TimelineEntry::notes)
                    .ifPresent(n -> announced.put(Announce.Facts.ROLLOUT, n));
            announce(Announcement.DEPLOYMENT_COMPLETE, announced);
            mark(
                    Phase.DEPLOYMENT_COMPLETION.name(),
                    PhaseStatus.SUCCEEDED,
                    "Deployment complete in " + duration + "; code freeze lifted");
            end(
                    ReleaseStatus.COMPLETED,
                    Phase.DEPLOYMENT_COMPLETION,
                    PhaseStatus.SUCCEEDED,
                    "deployment complete in " + duration);
        }

        // ---- answers from workers

        void learn(EventBody body) {
            List<Measurement> measurements = List.of();
            if (body instanceof StepProgressed p) {
                measurements = p.measurements();
            } else if (body instanceof StepSucceeded s) {
                // The rollback point stated before the change wins: a rollout redelivered to a restarted agent
                // finds the new image already set and would name the new revision as the previous one.
                s.outputs().forEach((key, value) -> {
                    if (!(Outputs.PREVIOUS_REVISION.equals(key) && facts.containsKey(key))) {
                        facts.put(key, value);
                    }
                });
                measurements = s.measurements();
            } else if (body instanceof StepFailed f) {
                measurements = f.measurements();
            } else if (body instanceof ThresholdBreached b) {
                measurements = b.measurements();
            }
            // The rollout-agent states the revision it is about to replace before changing anything, so a
            // rollout that fails halfway can still be undone to exactly that revision.
            for (Measurement m : measurements) {
                if (Outputs.PREVIOUS_REVISION.equals(m.name())
                        && phase == Phase.APPLICATION_DEPLOYMENT
                        && rollback == null) {
                    facts.put(Outputs.PREVIOUS_REVISION, m.value());
                }
            }
        }

        void note(String stage, String text) {
            int i = indexOf(stage);
            timeline.set(i, timeline.get(i).withNotes(text));
        }

        void succeeded(PendingCommand answered, String summary) {
            pending = null;
            if (status == ReleaseStatus.RUNNING) {
                if (phase == Phase.PRE_FLIGHT_CHECKS && facts.containsKey(Outputs.REPORTED_VERSION)) {
                    facts.put(Announce.Facts.PREVIOUS_VERSION, facts.get(Outputs.REPORTED_VERSION));
                }
                mark(answered.stage(), PhaseStatus.SUCCEEDED, summary);
                change(phase, PhaseStatus.SUCCEEDED, summary);
                advanceFrom(phase);
            } else {
                mark(answered.stage(), PhaseStatus.SUCCEEDED, summary);
                change(
                        phase,
                        PhaseStatus.ROLLED_BACK,
                        RollbackStep.valueOf(answered.stage()).task() + ": " + summary);
                nextRollbackStep();
            }
        }

        /**
         * @param answered null when no command was awaited (GO/NO-GO evaluates in place)
         * @param outcome  the terminal status if the rollback succeeds
         */
        void failed(PendingCommand answered, RollbackTrigger trigger, String reason, ReleaseStatus outcome) {
            pending = null;
            String why = trigger + ": " + reason;
            if (status == ReleaseStatus.ROLLING_BACK) {
                String stage = answered == null ? null : answered.stage();
                if (stage != null) {
                    mark(stage, PhaseStatus.FAILED, reason);
                }
                announce(Announcement.ROLLBACK_FAILED, Map.of(Announce.Facts.REASON, why));
                end(ReleaseStatus.FAILED, phase, PhaseStatus.FAILED, "rollback failed: " + why);
                return;
            }
            mark(phase.name(), PhaseStatus.FAILED, why);
            change(phase, PhaseStatus.FAILED, why);
            if (nothingChanged()) {
                abort(why);
            } else {
                beginRollback(trigger, reason, outcome);
            }
        }

        private boolean nothingChanged() {
            for (Phase p : CHANGING_PHASES) {
                if (changed(p)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether production may differ from before the release because of phase {@code p}. */
        private boolean changed(Phase p) {
            PhaseStatus s = entry(p.name()).orElseThrow().status();
            if (s == PhaseStatus.PENDING || s == PhaseStatus.SKIPPED) {
                return false;
            }
            if (p == Phase.APPLICATION_DEPLOYMENT && s != PhaseStatus.SUCCEEDED) {
                return facts.containsKey(Outputs.PREVIOUS_REVISION);
            }
            return true;
        }

        private void abort(String reason) {
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, reason);
            announce(Announcement.DEPLOYMENT_ABORTED, announced);
            end(ReleaseStatus.ABORTED, phase, PhaseStatus.FAILED, "aborted before any change to production: " + reason);
        }

        // ---- rolling back

        private void beginRollback(RollbackTrigger trigger, String reason, ReleaseStatus outcome) {
            List<RollbackStep> plan = new ArrayList<>();
            if (changed(Phase.APPLICATION_DEPLOYMENT)) {
                plan.add(RollbackStep.ROLL_BACK_APPLICATION);
            }
            if (changed(Phase.CONFIGURATION_UPDATE)) {
                plan.add(RollbackStep.RESTORE_CONFIGURATION);
            }
            if (changed(Phase.DATABASE_MIGRATION)) {
                plan.add(RollbackStep.ROLL_BACK_DATABASE);
            }
            plan.add(RollbackStep.VERIFY_ROLLBACK);
            status = ReleaseStatus.ROLLING_BACK;
            rollback = new Rollback(trigger, reason, now, outcome, plan);
            String initiated = "ROLLBACK INITIATED (" + (trigger.immediate() ? "immediate" : "evaluated") + " trigger "
                    + trigger + "): " + reason;
            timeline.add(new TimelineEntry(
                    RollbackStep.DECLARE_ROLLBACK.name(),
                    RollbackStep.DECLARE_ROLLBACK.runbookLabel(),
                    RollbackStep.DECLARE_ROLLBACK.task(),
                    PhaseStatus.SUCCEEDED,
                    now,
                    now,
                    initiated));
            change(phase, PhaseStatus.FAILED, initiated);
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, reason);
            announced.put(Announce.Facts.TRIGGER, trigger.name());
            if (facts.containsKey(Announce.Facts.PREVIOUS_VERSION)) {
                announced.put(Announce.Facts.PREVIOUS_VERSION, facts.get(Announce.Facts.PREVIOUS_VERSION));
            }
            announce(Announcement.ROLLBACK_INITIATED, announced);
            nextRollbackStep();
        }

        private void nextRollbackStep() {
            List<RollbackStep> remaining = rollback.remaining();
            if (remaining.isEmpty()) {
                finishRollback();
                return;
            }
            RollbackStep next = remaining.get(0);
            rollback = rollback.withRemaining(remaining.subList(1, remaining.size()));
            timeline.add(new TimelineEntry(
                    next.name(), next.runbookLabel(), next.task(), PhaseStatus.RUNNING, now, null, null));
            Thresholds thresholds = spec.thresholdsOrDefaults();
            switch (next) {
                case ROLL_BACK_APPLICATION ->
                    await(
                            next.name(),
                            new RollBackDeployment(
                                    spec.kubernetes(),
                                    Long.parseLong(facts.getOrDefault(Outputs.PREVIOUS_REVISION, "0")),
                                    thresholds.rolloutTimeoutSeconds()),
                            rolloutDeadline());
                case RESTORE_CONFIGURATION ->
                    await(
                            next.name(),
                            new RestoreConfiguration(
                                    spec.kubernetes(),
                                    spec.configuration().configMap(),
                                    thresholds.rolloutTimeoutSeconds()),
                            rolloutDeadline());
                case ROLL_BACK_DATABASE ->
                    await(
                            next.name(),
                            new RollBackMigration(spec.database().database(), restorePoint()),
                            Duration.ofSeconds(thresholds.migrationTimeoutSeconds())
                                    .plus(WORKER_GRACE));
                case VERIFY_ROLLBACK -> {
                    String expected =
                            changed(Phase.APPLICATION_DEPLOYMENT) ? facts.get(Announce.Facts.PREVIOUS_VERSION) : null;
                    List<Check> checks = expected == null ? healthChecks() : withVersion(healthChecks());
                    await(next.name(), checks(checks, expected, 100), CHECK_DEADLINE);
                }
                case DECLARE_ROLLBACK, ANNOUNCE_ROLLBACK_COMPLETE ->
                    throw new IllegalStateException(next + " is never planned as a step with a command");
            }
        }

        private void finishRollback() {
            String duration = minutes(Duration.between(rollback.startedAt(), now));
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, rollback.reason());
            announced.put(Announce.Facts.DURATION, duration);
            if (facts.containsKey(Announce.Facts.PREVIOUS_VERSION)) {
                announced.put(Announce.Facts.PREVIOUS_VERSION, facts.get(Announce.Facts.PREVIOUS_VERSION));
            }
            announce(Announcement.ROLLBACK_COMPLETE, announced);
            timeline.add(new TimelineEntry(
                    RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE.name(),
                    RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE.runbookLabel(),
                    RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE.task(),
                    PhaseStatus.SUCCEEDED,
                    now,
                    now,
                    "ROLLBACK COMPLETE in " + duration));
            end(
                    rollback.outcome(),
                    phase,
                    PhaseStatus.ROLLED_BACK,
                    "rollback complete in " + duration + " after " + rollback.trigger());
        }

        // ---- building blocks

        private void end(ReleaseStatus terminal, Phase at, PhaseStatus phaseStatus, String reason) {
            status = terminal;
            endedAt = now;
            pending = null;
            change(at, phaseStatus, reason);
            phase = null;
        }

        private void await(String stage, CommandBody body, Duration within) {
            Command command = command(stage, body);
            pending = new PendingCommand(command.commandId(), stage, worker(body), now.plus(within));
            commands.add(command);
        }

        private void announce(Announcement announcement, Map<String, String> announced) {
            Map<String, String> all = new HashMap<>(announced);
            all.putIfAbsent(Announce.Facts.REQUESTED_BY, spec.requestedBy());
            commands.add(command(
                    "announce/" + announcement,
                    new Announce(
                            announcement,
                            spec.application(),
                            spec.environment(),
                            spec.version(),
                            spec.notificationsOrDefaults(),
                            all)));
        }

        private Command command(String stage, CommandBody body) {
            UUID id = UUID.nameUUIDFromBytes((releaseId + "/" + stage).getBytes(StandardCharsets.UTF_8));
            return Command.of(id, releaseId, now, phase, body);
        }

        private RunChecks checks(List<Check> checks, String expectedVersion, int passRatePercent) {
            return new RunChecks(
                    spec.service().baseUrl(),
                    checks,
                    expectedVersion,
                    passRatePercent,
                    spec.thresholdsOrDefaults().maxResponseTimeMillis());
        }

        private Duration rolloutDeadline() {
            return Duration.ofSeconds(spec.thresholdsOrDefaults().rolloutTimeoutSeconds())
                    .plus(WORKER_GRACE);
        }

        void change(Phase at, PhaseStatus phaseStatus, String reason) {
            changes.add(new Change(status, at, phaseStatus, reason));
        }

        private void mark(String stage, PhaseStatus newStatus, String notes) {
            int i = indexOf(stage);
            timeline.set(i, timeline.get(i).withStatus(newStatus, now, notes));
        }

        private Optional<TimelineEntry> entry(String stage) {
            return timeline.stream().filter(e -> e.stage().equals(stage)).findFirst();
        }

        private int indexOf(String stage) {
            // rollback steps may in principle repeat; the latest row is the live one
            for (int i = timeline.size() - 1; i >= 0; i--) {
                if (timeline.get(i).stage().equals(stage)) {
                    return i;
                }
            }
            throw new IllegalStateException("no timeline row " + stage);
        }

        private String restorePoint() {
            return "runway-" + releaseId;
        }
    }

    /** The runbook's health endpoints; all must answer 200. */
    static List<Check> healthChecks() {
        return List.of(
                Check.status("health", "/health"), Check.status("ready", "/ready"), Check.status("live", "/live"));
    }

    private static List<Check> withVersion(List<Check> checks) {
        List<Check> all = new ArrayList<>(checks);
        all.add(new Check("version", CheckKind.VERSION_REPORTED, "/health", 200, null));
        return all;
    }

    private static String worker(CommandBody body) {
        String topic = body.topic();
        if (topic.equals(Topics.VALIDATION_COMMANDS)) {
            return "validator";
        }
        if (topic.equals(Topics.MIGRATION_COMMANDS)) {
            return "migrator";
        }
        if (topic.equals(Topics.NOTIFICATION_COMMANDS)) {
            return "notifier";
        }
        return "rollout-agent";
    }

    private static String minutes(Duration d) {
        long seconds = d.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m " + (seconds % 60) + "s";
    }
}
