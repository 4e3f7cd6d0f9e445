package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.spec.ReleaseSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs a {@link Runbook} as a pure function: {@code (state, input, now) -> Transition}. No I/O, no clock, no
 * randomness: command ids derive from the release id and the step, so applying the same input to the same state
 * always gives the same commands, and a command re-sent after a crash keeps its id.
 *
 * <p>The engine knows no phase by name. It walks the runbook's phases in order, skips what a phase's skip rule
 * says, sends each phase's command and waits for its answer or deadline, and on a failure either aborts (nothing
 * changed yet) or runs the rollback plan built from the phases that changed production.
 *
 * <p>Valid inputs per status: RUNNING and ROLLING_BACK accept the concluding or progress events of the one command
 * they await, and clock ticks; terminal statuses accept nothing.
 */
public final class ReleaseStateMachine {

    private final Runbook runbook;

    public ReleaseStateMachine(Runbook runbook) {
        this.runbook = runbook;
    }

    /** A new release: every phase pending, the first one entered. */
    public Transition start(UUID releaseId, ReleaseSpec spec, Instant now) {
        List<TimelineEntry> timeline = runbook.phases().stream()
                .map(d -> TimelineEntry.pending(Stage.of(d.phase())))
                .toList();
        ReleaseState initial = new ReleaseState(
                releaseId, spec, ReleaseStatus.RUNNING, null, null, timeline, Facts.NONE, null, now, null);
        Step step = new Step(initial, now);
        step.change(
                null,
                null,
                "release " + spec.version() + " of " + spec.application() + " to " + spec.environment()
                        + " requested by " + spec.requestedBy());
        step.enter(runbook.phases().get(0));
        return step.done();
    }

    public Transition on(ReleaseState state, Input input, Instant now) {
        if (state.status().terminal()) {
            return Transition.rejected(state, "release has ended " + state.status());
        }
        if (input instanceof Input.WorkerReported reported) {
            return onEvent(state, reported.event(), now);
        }
        if (input instanceof Input.ClockTicked) {
            return onTick(state, now);
        }
        throw new IllegalStateException("no rule for input " + input.getClass().getName());
    }

    private Transition onEvent(ReleaseState state, Event event, Instant now) {
        PendingCommand pending = state.pending();
        if (pending == null || !pending.commandId().equals(event.commandId())) {
            return Transition.rejected(
                    state,
                    "event " + event.eventId() + " answers command " + event.commandId()
                            + ", which this release does not await (stale or duplicate)");
        }
        Report report = Report.of(event.body());
        Step step = new Step(state, now);
        step.learn(report);
        switch (report.kind()) {
            case PROGRESS -> step.note(pending.stage(), report.text());
            case SUCCESS -> step.succeeded(pending, report.text());
            case FAILURE -> step.failed(pending, report.trigger(), report.text(), ReleaseStatus.ROLLED_BACK);
        }
        return step.done();
    }

    private Transition onTick(ReleaseState state, Instant now) {
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
                    "no answer from " + pending.worker().id() + " by " + pending.deadline(),
                    ReleaseStatus.ROLLED_BACK);
            return step.done();
        }
        return Transition.rejected(state, "nothing is due");
    }

    private PhaseDefinition definition(Phase phase) {
        return find(phase).orElseThrow(() -> new IllegalStateException("the runbook has no phase " + phase));
    }

    private Optional<PhaseDefinition> find(Phase phase) {
        return runbook.phases().stream().filter(d -> d.phase() == phase).findFirst();
    }

    private Optional<PhaseDefinition> after(Phase phase) {
        List<PhaseDefinition> phases = runbook.phases();
        for (int i = 0; i + 1 < phases.size(); i++) {
            if (phases.get(i).phase() == phase) {
                return Optional.of(phases.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** One transition being built. Mutable, but local to a single call. */
    private final class Step implements Runbook.Context {
        private final Instant now;
        private final ReleaseSpec spec;
        private final UUID releaseId;
        private ReleaseStatus status;
        private Phase phase;
        private PendingCommand pending;
        private final List<TimelineEntry> timeline;
        private Facts facts;
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
            this.facts = state.facts();
            this.rollback = state.rollback();
            this.startedAt = state.startedAt();
            this.endedAt = state.endedAt();
        }

        Transition done() {
            ReleaseState state = new ReleaseState(
                    releaseId, spec, status, phase, pending, timeline, facts, rollback, startedAt, endedAt);
            return new Transition(state, commands, changes, null);
        }

        // ---- what the runbook may read

        @Override
        public UUID releaseId() {
            return releaseId;
        }

        @Override
        public ReleaseSpec spec() {
            return spec;
        }

        @Override
        public Facts facts() {
            return facts;
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public Optional<TimelineEntry> entry(Phase p) {
            return entry(Stage.of(p));
        }

        @Override
        public boolean changed(Phase p) {
            return find(p).map(this::changed).orElse(false);
        }

        // ---- running forward

        void enter(PhaseDefinition next) {
            Stage stage = Stage.of(next.phase());
            Optional<String> skip = next.skipReason().apply(spec);
            if (skip.isPresent()) {
                mark(stage, PhaseStatus.SKIPPED, "Skipped (" + skip.get() + ")");
                proceedFrom(next, PhaseStatus.SKIPPED, skip.get());
                return;
            }
            phase = next.phase();
            mark(stage, PhaseStatus.RUNNING, null);
            change(phase, PhaseStatus.RUNNING, phase.task() + " started");
            Action action = next.action().apply(this);
            action.notices().forEach(n -> announce(n.announcement(), n.facts()));
            switch (action.kind()) {
                case AWAIT -> await(stage, action.await());
                case SUCCEED -> {
                    facts = next.onSuccess().apply(facts);
                    mark(stage, PhaseStatus.SUCCEEDED, action.notes());
                    proceedFrom(next, PhaseStatus.SUCCEEDED, action.reason());
                }
                case FAIL -> {
                    mark(stage, PhaseStatus.FAILED, action.notes());
                    change(phase, PhaseStatus.FAILED, action.reason());
                    stopOrRollBack(
                            RollbackTrigger.STEP_FAILED, action.reason(), action.reason(), ReleaseStatus.ROLLED_BACK);
                }
            }
        }

        /** The next phase, or the end of the release after the last one. */
        private void proceedFrom(PhaseDefinition finished, PhaseStatus outcome, String reason) {
            Optional<PhaseDefinition> next = after(finished.phase());
            if (next.isEmpty()) {
                end(ReleaseStatus.COMPLETED, finished.phase(), outcome, reason);
                return;
            }
            change(finished.phase(), outcome, reason);
            enter(next.get());
        }

        // ---- answers from workers

        void learn(Report report) {
            facts = facts.learn(report.outputs());
            if (rollback == null && definition(phase).statesRollbackPoint()) {
                for (Measurement m : report.measurements()) {
                    if (Outputs.PREVIOUS_REVISION.equals(m.name())) {
                        facts = facts.withRollbackPoint(m.value());
                    }
                }
            }
        }

        void note(Stage stage, String text) {
            int i = indexOf(stage);
            timeline.set(i, timeline.get(i).withNotes(text));
        }

        void succeeded(PendingCommand answered, String summary) {
            pending = null;
            mark(answered.stage(), PhaseStatus.SUCCEEDED, summary);
            if (status == ReleaseStatus.RUNNING) {
                PhaseDefinition current = definition(phase);
                facts = current.onSuccess().apply(facts);
                proceedFrom(current, PhaseStatus.SUCCEEDED, summary);
            } else {
                change(phase, PhaseStatus.ROLLED_BACK, answered.stage().task() + ": " + summary);
                nextRollbackStep();
            }
        }

        /**
         * @param answered null when no command was awaited
         * @param outcome  the terminal status if the rollback succeeds
         */
        void failed(PendingCommand answered, RollbackTrigger trigger, String reason, ReleaseStatus outcome) {
            pending = null;
            String why = trigger + ": " + reason;
            if (status == ReleaseStatus.ROLLING_BACK) {
                if (answered != null) {
                    mark(answered.stage(), PhaseStatus.FAILED, reason);
                }
                announce(Announcement.ROLLBACK_FAILED, Map.of(Announce.Facts.REASON, why));
                end(ReleaseStatus.FAILED, phase, PhaseStatus.FAILED, "rollback failed: " + why);
                return;
            }
            mark(Stage.of(phase), PhaseStatus.FAILED, why);
            change(phase, PhaseStatus.FAILED, why);
            stopOrRollBack(trigger, why, reason, outcome);
        }

        /**
         * @param abortReason    what an abort states
         * @param rollbackReason what a rollback states
         */
        private void stopOrRollBack(
                RollbackTrigger trigger, String abortReason, String rollbackReason, ReleaseStatus outcome) {
            if (runbook.phases().stream().noneMatch(this::changed)) {
                abort(abortReason);
            } else {
                beginRollback(trigger, rollbackReason, outcome);
            }
        }

        /** Whether production may differ from before the release because of the phase. */
        private boolean changed(PhaseDefinition d) {
            if (!d.changesProduction()) {
                return false;
            }
            return switch (entry(Stage.of(d.phase())).orElseThrow().status()) {
                case PENDING, SKIPPED -> false;
                case SUCCEEDED, ROLLED_BACK -> true;
                case RUNNING, FAILED ->
                    !d.statesRollbackPoint() || facts.previousRevision().isPresent();
            };
        }

        private void abort(String reason) {
            announce(Announcement.DEPLOYMENT_ABORTED, Map.of(Announce.Facts.REASON, reason));
            end(ReleaseStatus.ABORTED, phase, PhaseStatus.FAILED, "aborted before any change to production: " + reason);
        }

        // ---- rolling back

        private void beginRollback(RollbackTrigger trigger, String reason, ReleaseStatus outcome) {
            Set<RollbackStep> undo = runbook.phases().stream()
                    .filter(this::changed)
                    .flatMap(d -> d.undoneBy().stream())
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(RollbackStep.class)));
            status = ReleaseStatus.ROLLING_BACK;
            rollback = new Rollback(trigger, reason, now, outcome, runbook.rollbackPlan(undo));
            String initiated = "ROLLBACK INITIATED (" + (trigger.immediate() ? "immediate" : "evaluated") + " trigger "
                    + trigger + "): " + reason;
            timeline.add(TimelineEntry.started(RollbackStep.DECLARE_ROLLBACK, PhaseStatus.SUCCEEDED, now, initiated));
            change(phase, PhaseStatus.FAILED, initiated);
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, reason);
            announced.put(Announce.Facts.TRIGGER, trigger.name());
            facts.previousVersion().ifPresent(v -> announced.put(Announce.Facts.PREVIOUS_VERSION, v));
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
            timeline.add(TimelineEntry.started(next, PhaseStatus.RUNNING, now, null));
            await(next, runbook.undo(next, this));
        }

        private void finishRollback() {
            String duration = Elapsed.of(Duration.between(rollback.startedAt(), now));
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, rollback.reason());
            announced.put(Announce.Facts.DURATION, duration);
            facts.previousVersion().ifPresent(v -> announced.put(Announce.Facts.PREVIOUS_VERSION, v));
            announce(Announcement.ROLLBACK_COMPLETE, announced);
            timeline.add(TimelineEntry.started(
                    RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE,
                    PhaseStatus.SUCCEEDED,
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

        private void await(Stage stage, Action.Await awaited) {
            Worker worker = Worker.consuming(awaited.command().topic());
            Command command = command(stage.name(), awaited.command());
            pending = new PendingCommand(command.commandId(), stage, worker, now.plus(awaited.within()));
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

        private Command command(String step, CommandBody body) {
            UUID id = UUID.nameUUIDFromBytes((releaseId + "/" + step).getBytes(StandardCharsets.UTF_8));
            return Command.of(id, releaseId, now, phase, body);
        }

        void change(Phase at, PhaseStatus phaseStatus, String reason) {
            changes.add(new Change(status, at, phaseStatus, reason));
        }

        private void mark(Stage stage, PhaseStatus newStatus, String notes) {
            int i = indexOf(stage);
            timeline.set(i, timeline.get(i).withStatus(newStatus, now, notes));
        }

        private Optional<TimelineEntry> entry(Stage stage) {
            return timeline.stream().filter(e -> e.stage().equals(stage)).findFirst();
        }

        private int indexOf(Stage stage) {
            // rollback steps may in principle repeat; the latest row is the live one
            for (int i = timeline.size() - 1; i >= 0; i--) {
                if (timeline.get(i).stage().equals(stage)) {
                    return i;
                }
            }
            throw new IllegalStateException("no timeline row " + stage.name());
        }
    }
}
