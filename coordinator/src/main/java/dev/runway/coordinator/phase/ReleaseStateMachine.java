package dev.runway.coordinator.phase;

import dev.runway.coordinator.report.IncidentMarkdown;
import dev.runway.coordinator.report.IncidentReport;
import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.GoNoGoVote;
import dev.runway.model.spec.GuardPolicy;
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
 * changed yet) or runs the rollback plan built from the phases that changed production. A command given up on
 * without an answer may still be carried out, so its phase counts as changed and the plan compensates it.
 *
 * <p>Beside the awaited command runs the release's guard, a background command started by the phase that
 * {@link PhaseDefinition#startsGuards() starts guards}: its samples update the state, an "IMMEDIATE" breach rolls
 * back at once whatever is awaited, an "EVALUATE" breach asks a person. A phase that
 * {@link PhaseDefinition#observesGuards() observes the guard} passes only once its command succeeded and the guard
 * has watched it for the declared period with data from every rule; it is evaluated on each sample and tick.
 *
 * <p>Valid inputs per status:
 *
 * <ul>
 *   <li>RUNNING: events of the awaited command and of the guard, clock ticks (maximum duration, silent workers);
 *       during GO/NO-GO, votes (a tick past the vote window aborts); an abort before anything changed; requests for
 *       a manual rollback (it starts once a deployment lead and an engineering manager, two people, asked within
 *       the window).
 *   <li>AWAITING_DECISION: the same, but a success of the awaited command is held until CONTINUE; a decision
 *       (ROLLBACK or CONTINUE); a tick past the decision's deadline applies the release's default; a manual
 *       rollback, once both people asked, decides ROLLBACK.
 *   <li>ROLLING_BACK: events of the awaited rollback step and of the guard (recorded only), clock ticks.
 *   <li>COMPLETED: during hypercare, events of the guard (a breach raises an alert) and a newer release's start
 *       (which ends the hypercare); after an alert, a decision.
 *   <li>ROLLED_BACK, FAILED, ABORTED: nothing but what every status accepts.
 * </ul>
 *
 * <p>In every status: the notifier's answer to an announcement, clock ticks past a rollback announcement's answer
 * deadline (it becomes UNANSWERED and the coordinator pages PagerDuty itself), and the outcome of that page. An answer
 * showing that a rollback announcement reached nobody pages the same way.
 */
public final class ReleaseStateMachine {

    private final Runbook runbook;
    private final GuardSettings settings;
    private final NoticeSettings noticeSettings;

    public ReleaseStateMachine(Runbook runbook) {
        this(runbook, GuardSettings.DEFAULTS);
    }

    public ReleaseStateMachine(Runbook runbook, GuardSettings settings) {
        this(runbook, settings, NoticeSettings.DEFAULTS);
    }

    public ReleaseStateMachine(Runbook runbook, GuardSettings settings, NoticeSettings noticeSettings) {
        this.runbook = runbook;
        this.settings = settings;
        this.noticeSettings = noticeSettings;
    }

    /**
     * A new release: every phase pending, the first one entered.
     *
     * @param targets where the release goes, resolved once from the configuration and kept for the whole release
     * @param requestedBy the token subject of who starts it
     */
    public Transition start(UUID releaseId, ReleaseSpec spec, ReleaseTargets targets, String requestedBy, Instant now) {
        List<TimelineEntry> timeline = runbook.phases().stream()
                .map(d -> TimelineEntry.pending(Stage.of(d.phase())))
                .toList();
        ReleaseState initial = new ReleaseState(
                releaseId,
                spec,
                targets,
                ReleaseStatus.RUNNING,
                null,
                null,
                timeline,
                Facts.NONE,
                null,
                now,
                null,
                null,
                null,
                null,
                requestedBy,
                null,
                null,
                List.of());
        Step step = new Step(initial, now, requestedBy);
        step.change(
                null,
                null,
                "release " + spec.version() + " of " + spec.application() + " to " + spec.environment()
                        + " requested by " + requestedBy);
        step.enter(runbook.phases().get(0));
        return step.done();
    }

    public Transition on(ReleaseState state, Input input, Instant now) {
        if (input instanceof Input.Decided decided) {
            return onDecision(state, decided, now);
        }
        if (input instanceof Input.Voted voted) {
            return onVote(state, voted, now);
        }
        if (input instanceof Input.AbortRequested abort) {
            return onAbort(state, abort, now);
        }
        if (input instanceof Input.RollbackRequested request) {
            return onRollbackRequest(state, request, now);
        }
        if (input instanceof Input.WorkerReported reported) {
            if (state.notice(reported.event().commandId()).isPresent()) {
                return onNotice(state, reported.event(), now);
            }
            Guard guard = state.guard();
            if (guard != null && guard.commandId().equals(reported.event().commandId())) {
                return onGuard(state, reported.event(), now);
            }
            if (state.status().terminal()) {
                return ended(state);
            }
            return onEvent(state, reported.event(), now);
        }
        if (input instanceof Input.Superseded superseded) {
            return onSuperseded(state, superseded, now);
        }
        if (input instanceof Input.FallbackPaged paged) {
            return onFallbackPaged(state, paged, now);
        }
        if (input instanceof Input.ClockTicked) {
            if (state.status().terminal()) {
                // ROLLBACK COMPLETE and FAILED are sent as the release ends: their deadlines run after it
                Step step = new Step(state, now);
                return step.noticesOverdue() ? step.done() : ended(state);
            }
            return onTick(state, now);
        }
        throw new IllegalStateException("no rule for input " + input.getClass().getName());
    }

    private static Transition ended(ReleaseState state) {
        return Transition.rejected(state, "release has ended " + state.status());
    }

    /**
     * The notifier's answer to an announcement, in any status: DEPLOYMENT COMPLETE and ROLLBACK COMPLETE are answered
     * after the release ended. Only the conclusion is recorded, once; an answer after the deadline of a rollback
     * announcement still is, but pages nothing more.
     */
    private Transition onNotice(ReleaseState state, Event event, Instant now) {
        Notice notice = state.notice(event.commandId()).orElseThrow();
        if (!(event.body() instanceof Announced announced)) {
            return Transition.rejected(
                    state, "event " + event.eventId() + " reports progress of announcement " + notice.announcement());
        }
        if (notice.status() != Notice.Status.SENT && notice.status() != Notice.Status.UNANSWERED) {
            return Transition.rejected(
                    state, "announcement " + notice.announcement() + " was already answered (redelivered outcome)");
        }
        Step step = new Step(state, now);
        step.noticeAnswered(notice, announced);
        return step.done();
    }

    /** The outcome of the coordinator's own page, in any status; recorded once. */
    private Transition onFallbackPaged(ReleaseState state, Input.FallbackPaged paged, Instant now) {
        Optional<Notice> notice = state.notice(paged.notice());
        if (notice.isEmpty()) {
            return Transition.rejected(state, "this release sent no announcement " + paged.notice());
        }
        if (!notice.get().fallbackPending()) {
            return Transition.rejected(
                    state,
                    "no direct page about " + notice.get().announcement()
                            + " awaits its outcome (redelivered outcome)");
        }
        Step step = new Step(state, now);
        step.fallbackPaged(notice.get(), paged.delivery());
        return step.done();
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
        if (state.status() == ReleaseStatus.AWAITING_DECISION && report.kind() == Report.Kind.SUCCESS) {
            step.hold(pending, event, report.text());
        } else {
            step.apply(pending, report);
        }
        return step.done();
    }

    private Transition onGuard(ReleaseState state, Event event, Instant now) {
        boolean hypercare =
                state.status() == ReleaseStatus.COMPLETED && state.guard().inHypercareAt(now);
        if (state.status().terminal() && !hypercare) {
            UUID newer = state.guard().hypercareEndedBy();
            return newer == null
                    ? ended(state)
                    : Transition.rejected(
                            state, "hypercare ended when release " + newer + " started (stale guard event)");
        }
        Report report = Report.of(event.body());
        Step step = new Step(state, now);
        step.sampled(report.measurements());
        switch (report.kind()) {
            case PROGRESS -> {}
            case SUCCESS -> step.guardNotice("guard watch ended: " + report.text());
            case REFUSED -> step.guardUnavailable(report.text());
            case FAILURE -> {
                if (report.evidence() == null) {
                    step.guardUnavailable(report.text());
                } else if (inconclusive(report)) {
                    step.guardNotice("inconclusive, the release goes on: "
                            + report.evidence().explanation());
                } else {
                    step.fired(Breach.of(report.trigger(), report.evidence(), now));
                }
            }
        }
        step.observe();
        return step.done();
    }

    private Transition onSuperseded(ReleaseState state, Input.Superseded superseded, Instant now) {
        Guard guard = state.guard();
        if (state.status() != ReleaseStatus.COMPLETED || guard == null || !guard.inHypercareAt(now)) {
            return Transition.rejected(state, "release is " + state.status() + " and not in hypercare");
        }
        Step step = new Step(state, now);
        step.endHypercare(superseded.by());
        return step.done();
    }

    /** No data is no verdict: recorded, never acted on. An unreadable metric (ERROR) counts as a breach. */
    private static boolean inconclusive(Report report) {
        return report.evidence().verdict() == Verdict.INCONCLUSIVE;
    }

    private Transition onDecision(ReleaseState state, Input.Decided decided, Instant now) {
        String why = decided.action() + " decided by " + decided.decidedBy() + ": "
                + (decided.reason() == null || decided.reason().isBlank() ? "no reason given" : decided.reason());
        Step step = new Step(state, now, decided.decidedBy());
        switch (state.status()) {
            case AWAITING_DECISION -> step.decided(decided.action(), why);
            case COMPLETED -> {
                if (state.guard() == null || state.guard().alert() == null) {
                    return Transition.rejected(state, "release is COMPLETED and no hypercare alert awaits a decision");
                }
                step.decidedAfterAlert(decided.action(), why);
            }
            case RUNNING, ROLLING_BACK, ROLLED_BACK, FAILED, ABORTED -> {
                return Transition.rejected(state, "release is " + state.status() + ", not awaiting a decision");
            }
        }
        return step.done();
    }

    /**
     * A GO counts once per role and once per person; a NO-GO fails GO/NO-GO at once (nothing has changed, so the
     * release aborts); the last missing GO passes it.
     */
    private Transition onVote(ReleaseState state, Input.Voted vote, Instant now) {
        Ballot ballot = state.ballot();
        if (ballot == null || state.status() != ReleaseStatus.RUNNING) {
            return Transition.rejected(
                    state,
                    "no GO/NO-GO vote is open: the release is " + state.status()
                            + (state.phase() == null ? "" : " in " + state.phase()));
        }
        if (!ballot.required().contains(vote.role())) {
            return Transition.rejected(
                    state, "this release asks no vote from " + vote.role() + "; it asks " + ballot.required());
        }
        Optional<GoNoGoVote> own = ballot.voteBy(vote.voter());
        if (own.isPresent()) {
            return Transition.rejected(
                    state,
                    vote.voter() + " already voted " + own.get().decision() + " as "
                            + own.get().role() + "; one person counts for one role only");
        }
        Optional<GoNoGoVote> taken = ballot.voteFor(vote.role());
        if (taken.isPresent()) {
            return Transition.rejected(
                    state,
                    vote.role() + " has already voted: " + taken.get().decision() + " by "
                            + taken.get().by());
        }
        // a NO-GO needs no proof of what it refuses
        if (vote.role() == GoNoGoVote.Role.DATABASE_ADMINISTRATOR
                && vote.decision() == GoNoGoVote.Decision.GO
                && ballot.migrationsHash() != null
                && !ballot.migrationsHash().equals(vote.migrationsHash())) {
            return Transition.rejected(
                    state,
                    "a DATABASE_ADMINISTRATOR vote must carry the migrations' hash " + ballot.migrationsHash()
                            + " (shown with the release), so it approves the migrations that will run; it carried "
                            + (vote.migrationsHash() == null ? "none" : vote.migrationsHash()));
        }
        if (vote.skipRehearsal()
                && (vote.role() != GoNoGoVote.Role.DATABASE_ADMINISTRATOR
                        || vote.decision() != GoNoGoVote.Decision.GO)) {
            return Transition.rejected(
                    state,
                    "only a DATABASE_ADMINISTRATOR's GO may consent to migrating without a rehearsal; this was "
                            + vote.role() + " " + vote.decision());
        }
        Step step = new Step(state, now, vote.voter());
        step.voted(
                new GoNoGoVote(vote.role(), vote.decision(), vote.voter(), vote.comment(), now, vote.skipRehearsal()));
        return step.done();
    }

    /** Only while production is as it was before the release: afterwards only a rollback undoes it. */
    private Transition onAbort(ReleaseState state, Input.AbortRequested abort, Instant now) {
        if (state.status() != ReleaseStatus.RUNNING && state.status() != ReleaseStatus.AWAITING_DECISION) {
            return Transition.rejected(state, "release is " + state.status() + "; only a running release is aborted");
        }
        Step step = new Step(state, now, abort.by());
        List<Phase> changed = step.changedPhases();
        if (!changed.isEmpty()) {
            return Transition.rejected(
                    state,
                    "production has already changed (" + changed
                            + "): an abort would leave it so; a manual rollback undoes it");
        }
        step.abortedBy(abort.by(), abort.reason());
        return step.done();
    }

    private Transition onRollbackRequest(ReleaseState state, Input.RollbackRequested request, Instant now) {
        if (state.status() != ReleaseStatus.RUNNING && state.status() != ReleaseStatus.AWAITING_DECISION) {
            return Transition.rejected(
                    state, "release is " + state.status() + "; a manual rollback applies to a running release");
        }
        RollbackRequest asked = Optional.ofNullable(state.rollbackRequest())
                .orElse(new RollbackRequest(List.of()))
                .current(now, settings.rollbackRequestWindow());
        Optional<RollbackRequest.Ask> own = asked.by(request.by());
        if (own.isPresent()) {
            return Transition.rejected(
                    state,
                    request.by() + " already asked as " + own.get().authority()
                            + "; the manual rollback needs a second person");
        }
        Optional<RollbackRequest.Ask> same = asked.from(request.authority());
        if (same.isPresent()) {
            return Transition.rejected(
                    state,
                    request.authority() + " has already asked (" + same.get().by() + "); waiting for "
                            + asked.missing());
        }
        Step step = new Step(state, now, request.by());
        step.rollbackAsked(
                asked.with(new RollbackRequest.Ask(request.authority(), request.by(), request.reason(), now)));
        return step.done();
    }

    private Transition onTick(ReleaseState state, Instant now) {
        Duration maximum =
                Duration.ofMinutes(state.spec().thresholdsOrDefaults().maxDurationMinutes());
        Step step = new Step(state, now);
        boolean overdue = step.noticesOverdue();
        boolean forward = state.status() == ReleaseStatus.RUNNING || state.status() == ReleaseStatus.AWAITING_DECISION;
        if (forward && !now.isBefore(state.startedAt().plus(maximum))) {
            step.failed(
                    state.pending(),
                    RollbackTrigger.MAXIMUM_DURATION_EXCEEDED,
                    "maximum deployment duration of " + maximum.toMinutes() + " minutes exceeded",
                    ReleaseStatus.ABORTED);
            return step.done();
        }
        Ballot ballot = state.ballot();
        if (ballot != null && !now.isBefore(ballot.deadline())) {
            step.failed(
                    null,
                    RollbackTrigger.STEP_FAILED,
                    "NO-GO: the vote window closed at " + ballot.deadline() + " without consensus; no vote from "
                            + ballot.missing(),
                    ReleaseStatus.ROLLED_BACK);
            return step.done();
        }
        AwaitedDecision decision = state.decision();
        if (decision != null && !now.isBefore(decision.deadline())) {
            step.decided(
                    decision.onTimeout(),
                    decision.onTimeout() + ": no decision by " + decision.deadline() + ", so the timeout decided");
            return step.done();
        }
        if (step.observe()) {
            return step.done();
        }
        PendingCommand pending = state.pending();
        if (pending != null && !now.isBefore(pending.deadline())) {
            step.failed(pending, RollbackTrigger.STEP_FAILED, step.silent(pending), ReleaseStatus.ROLLED_BACK);
            return step.done();
        }
        return overdue ? step.done() : Transition.rejected(state, "nothing is due");
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
        private final ReleaseTargets targets;
        private final UUID releaseId;
        private ReleaseStatus status;
        private Phase phase;
        private PendingCommand pending;
        private final List<TimelineEntry> timeline;
        private Facts facts;
        private Rollback rollback;
        private final Instant startedAt;
        private Instant endedAt;
        private Guard guard;
        private AwaitedDecision decision;
        private Observation observation;
        /** The guard breach a rollback begun in this step answers; its evidence goes into the announcement. */
        private Breach cause;
        /** The command of a production-changing phase given up on without an answer; see {@link Rollback}. */
        private PendingCommand unanswered;
        /**
         * The stage whose command its worker refused in this step. Not stored: the refusal ends the phase here, and
         * whether anything is undone (abort or the rollback plan) is decided in the same step.
         */
        private Stage refused;

        private final String requestedBy;
        private Ballot ballot;
        private RollbackRequest rollbackRequest;
        /** Who caused this transition; null when Runway acts on a report or a deadline. */
        private final String actor;

        private final List<Notice> notices;

        private final List<Command> commands = new ArrayList<>();
        private final List<FallbackPage> pages = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();

        Step(ReleaseState state, Instant now) {
            this(state, now, null);
        }

        Step(ReleaseState state, Instant now, String actor) {
            this.now = now;
            this.actor = actor;
            this.requestedBy = state.requestedBy();
            this.ballot = state.ballot();
            this.rollbackRequest = state.rollbackRequest();
            this.spec = state.spec();
            this.targets = state.targets();
            this.releaseId = state.releaseId();
            this.status = state.status();
            this.phase = state.phase();
            this.pending = state.pending();
            this.timeline = new ArrayList<>(state.timeline());
            this.facts = state.facts();
            this.rollback = state.rollback();
            this.unanswered = rollback == null ? null : rollback.unanswered();
            this.startedAt = state.startedAt();
            this.endedAt = state.endedAt();
            this.guard = state.guard();
            this.decision = state.decision();
            this.observation = state.observation();
            this.notices = new ArrayList<>(state.notices());
        }

        Transition done() {
            ReleaseState state = new ReleaseState(
                    releaseId,
                    spec,
                    targets,
                    status,
                    phase,
                    pending,
                    timeline,
                    facts,
                    rollback,
                    startedAt,
                    endedAt,
                    guard,
                    decision,
                    observing() ? observation : null,
                    requestedBy,
                    ballot,
                    rollbackRequest,
                    notices);
            return new Transition(state, commands, pages, changes, null);
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
        public String requestedBy() {
            return requestedBy;
        }

        @Override
        public ReleaseTargets targets() {
            return targets;
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

        @Override
        public Optional<UUID> unanswered(Phase p) {
            return Optional.ofNullable(unanswered)
                    .filter(u -> u.stage().equals(Stage.of(p)))
                    .map(PendingCommand::commandId);
        }

        @Override
        public Optional<Hypercare> hypercare() {
            Duration period = policy().map(GuardPolicy::hypercareSeconds)
                    .map(Duration::ofSeconds)
                    .orElse(settings.hypercare());
            if (guard == null || !guard.runningAt(now) || period.isZero()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Hypercare(guard.rules().stream().map(GuardRule::name).toList(), now.plus(period)));
        }

        private Optional<GuardPolicy> policy() {
            return Optional.ofNullable(spec.guards());
        }

        // ---- running forward

        void enter(PhaseDefinition next) {
            Stage stage = Stage.of(next.phase());
            Optional<String> skip = next.skipReason().apply(this);
            if (skip.isPresent()) {
                mark(stage, PhaseStatus.SKIPPED, "Skipped (" + skip.get() + ")");
                proceedFrom(next, PhaseStatus.SKIPPED, skip.get());
                return;
            }
            phase = next.phase();
            mark(stage, PhaseStatus.RUNNING, null);
            change(phase, PhaseStatus.RUNNING, phase.task() + " started");
            if (next.startsGuards() && guard == null) {
                watchGuards();
            }
            // a release stored before guards existed has none to observe and runs the phase's command alone
            Optional<GuardObservation> observe =
                    guard == null ? Optional.empty() : next.observesGuards().apply(this);
            if (observe.isPresent()) {
                if (guard.unavailable() != null) {
                    failed(null, RollbackTrigger.METRICS_UNAVAILABLE, couldNotWatch(), ReleaseStatus.ROLLED_BACK);
                    return;
                }
                observation = Observation.begin(phase, now, observe.get());
            }
            Action action = next.action().apply(this);
            action.notices().forEach(n -> announce(n.announcement(), n.facts()));
            switch (action.kind()) {
                case AWAIT -> await(stage, action.await());
                case VOTE -> openBallot(stage, action.poll());
                case SUCCEED -> {
                    facts = next.onSuccess().apply(facts);
                    mark(stage, PhaseStatus.SUCCEEDED, action.notes());
                    proceedFrom(next, PhaseStatus.SUCCEEDED, action.reason());
                }
            }
        }

        // ---- people: votes, aborts, manual rollback requests

        private void openBallot(Stage stage, Poll poll) {
            Instant deadline = now.plus(poll.window());
            ballot = new Ballot(poll.required(), deadline, poll.migrationsHash(), List.of());
            String notes = "awaiting GO from " + poll.required() + " by " + deadline
                    + (poll.migrationsHash() == null ? "" : "; the DBA's vote carries " + poll.migrationsHash());
            note(stage, notes);
            Map<String, String> announced = new HashMap<>();
            announced.put(
                    Announce.Facts.VOTERS,
                    poll.required().stream().map(Enum::name).collect(Collectors.joining(", ")));
            announced.put(Announce.Facts.VOTE_BY, deadline.toString());
            announced.put(Announce.Facts.VOTE_COMMAND, voteCommand());
            if (poll.migrationsHash() != null) {
                announced.put(Announce.Facts.MIGRATIONS_HASH, poll.migrationsHash());
            }
            announce(Announcement.VOTE_REQUESTED, announced);
        }

        void voted(GoNoGoVote vote) {
            ballot = ballot.with(vote);
            String said = vote.role() + " voted " + vote.decision() + " (" + vote.by() + ")"
                    + (vote.skipsRehearsal() ? ", consenting to migrating without a rehearsal" : "")
                    + (vote.comment() == null || vote.comment().isBlank() ? "" : ": " + vote.comment());
            timeline.add(TimelineEntry.started(PersonStep.VOTE, PhaseStatus.SUCCEEDED, now, said));
            Ballot closed = ballot;
            switch (vote.decision()) {
                case NO_GO -> {
                    ballot = null;
                    failed(null, RollbackTrigger.STEP_FAILED, "NO-GO: " + said, ReleaseStatus.ROLLED_BACK);
                }
                case GO -> {
                    if (!closed.missing().isEmpty()) {
                        change(phase, PhaseStatus.RUNNING, said + "; waiting for " + closed.missing());
                        return;
                    }
                    ballot = null;
                    String by = closed.votes().stream()
                            .map(v -> v.role() + " " + v.by())
                            .collect(Collectors.joining(", "));
                    PhaseDefinition current = definition(phase);
                    facts = current.onSuccess().apply(facts);
                    Optional<GoNoGoVote> consent = closed.voteFor(GoNoGoVote.Role.DATABASE_ADMINISTRATOR)
                            .filter(GoNoGoVote::skipsRehearsal);
                    if (consent.isPresent()) {
                        facts = facts.withRehearsalSkippedBy(consent.get().by());
                    }
                    mark(Stage.of(phase), PhaseStatus.SUCCEEDED, "GO (" + by + ")");
                    proceedFrom(current, PhaseStatus.SUCCEEDED, "GO: consensus of " + closed.required());
                }
            }
        }

        /** The phases that may have changed production so far, in order. */
        List<Phase> changedPhases() {
            return runbook.phases().stream()
                    .filter(this::changed)
                    .map(PhaseDefinition::phase)
                    .toList();
        }

        void abortedBy(String by, String reason) {
            String why = "abort requested by " + by + ": "
                    + (reason == null || reason.isBlank() ? "no reason given" : reason);
            timeline.add(TimelineEntry.started(PersonStep.ABORT, PhaseStatus.SUCCEEDED, now, why));
            pending = null;
            ballot = null;
            mark(Stage.of(phase), PhaseStatus.FAILED, why);
            change(phase, PhaseStatus.FAILED, why);
            stopOrRollBack(RollbackTrigger.MANUAL, why, why, ReleaseStatus.ABORTED);
        }

        void rollbackAsked(RollbackRequest asked) {
            RollbackRequest.Ask ask = asked.asks().get(asked.asks().size() - 1);
            String said = ask.authority() + " " + ask.by() + " asked for a rollback"
                    + (ask.reason() == null || ask.reason().isBlank() ? "" : ": " + ask.reason());
            timeline.add(TimelineEntry.started(PersonStep.ROLLBACK_REQUEST, PhaseStatus.SUCCEEDED, now, said));
            if (!asked.missing().isEmpty()) {
                rollbackRequest = asked;
                change(
                        phase,
                        null,
                        said + "; the rollback starts when " + asked.missing() + " (another person) asks by "
                                + ask.at().plus(settings.rollbackRequestWindow()));
                return;
            }
            rollbackRequest = null;
            String why = "manual rollback requested by "
                    + asked.asks().stream()
                            .map(a -> a.authority() + " " + a.by()
                                    + (a.reason() == null || a.reason().isBlank() ? "" : " (" + a.reason() + ")"))
                            .collect(Collectors.joining(" and "));
            if (status == ReleaseStatus.AWAITING_DECISION) {
                decided(DecisionAction.ROLLBACK, why);
            } else {
                failed(pending, RollbackTrigger.MANUAL, why, ReleaseStatus.ROLLED_BACK);
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

        void apply(PendingCommand answered, Report report) {
            learn(report);
            switch (report.kind()) {
                case PROGRESS -> progressed(answered, report.text());
                case SUCCESS -> succeeded(answered, report.text());
                case FAILURE -> {
                    pending = null;
                    failed(answered, report.trigger(), report.text(), ReleaseStatus.ROLLED_BACK);
                }
                case REFUSED -> {
                    pending = null;
                    refused = answered.stage();
                    failed(
                            answered,
                            report.trigger(),
                            answered.worker().id() + " " + report.text() + "; it changed nothing",
                            ReleaseStatus.ROLLED_BACK);
                }
            }
        }

        /** The awaited step succeeded while a person decides: its outcome waits for CONTINUE. */
        void hold(PendingCommand answered, Event event, String summary) {
            pending = null;
            decision = decision.holding(answered, event);
            note(answered.stage(), "concluded while awaiting a decision: " + summary);
            change(
                    phase,
                    PhaseStatus.RUNNING,
                    answered.stage().task() + " concluded (" + summary
                            + "); the release goes on only if the decision is CONTINUE");
        }

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

        /**
         * A worker's word on the step it carries out ("2 of 3 updated replicas are available") is the row's notes and
         * an audit transition of its own, so that people watching the release see it move. Guard samples are not:
         * they come every few seconds for the whole observation and land in the guards' view instead.
         */
        void progressed(PendingCommand answered, String text) {
            note(answered.stage(), text);
            Phase at = answered.stage() instanceof Stage.OfPhase ofPhase ? ofPhase.phase() : phase;
            change(at, PhaseStatus.RUNNING, text);
        }

        void note(Stage stage, String text) {
            int i = indexOf(stage);
            timeline.set(i, timeline.get(i).withNotes(text));
        }

        void succeeded(PendingCommand answered, String summary) {
            pending = null;
            if (status == ReleaseStatus.RUNNING && observing()) {
                observation = observation.withCommandPassed(summary);
                note(answered.stage(), summary + "; observing the guards until " + observation.until());
                observe();
                return;
            }
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
            // a report that concludes the awaited command clears it first: what is still awaited here went unanswered
            PendingCommand open = pending;
            pending = null;
            String why = trigger + ": " + reason;
            if (status == ReleaseStatus.ROLLING_BACK) {
                if (answered != null) {
                    mark(answered.stage(), PhaseStatus.FAILED, reason);
                }
                announce(Announcement.ROLLBACK_FAILED, Map.of(Announce.Facts.REASON, why));
                end(ReleaseStatus.FAILED, phase, PhaseStatus.FAILED, "rollback failed: " + why);
                announceIncidentReport();
                return;
            }
            if (open != null
                    && open.stage().equals(Stage.of(phase))
                    && definition(phase).changesProduction()) {
                unanswered = open;
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
            closeDecision("overtaken: " + rollbackReason);
            if (runbook.phases().stream().noneMatch(this::changed)) {
                abort(abortReason);
            } else {
                beginRollback(trigger, rollbackReason, outcome);
            }
        }

        /**
         * Whether production may differ from before the release because of the phase. A command sent and not
         * answered may still be carried out, so it counts as a change; a refused one changed nothing, unless an
         * earlier attempt of it already stated a rollback point.
         */
        private boolean changed(PhaseDefinition d) {
            if (!d.changesProduction()) {
                return false;
            }
            Stage stage = Stage.of(d.phase());
            boolean statedRollbackPoint =
                    d.statesRollbackPoint() && facts.previousRevision().isPresent();
            if (unanswered != null && unanswered.stage().equals(stage)) {
                return true;
            }
            if (stage.equals(refused)) {
                return statedRollbackPoint;
            }
            return switch (entry(stage).orElseThrow().status()) {
                case PENDING, SKIPPED -> false;
                case SUCCEEDED, ROLLED_BACK, RUNNING -> true;
                case FAILED -> !d.statesRollbackPoint() || statedRollbackPoint;
            };
        }

        /** Why a step the release waited for is given up on. */
        String silent(PendingCommand awaited) {
            Instant sent = timeline.get(indexOf(awaited.stage())).startedAt();
            return "no answer from " + awaited.worker().id() + " within "
                    + Elapsed.of(Duration.between(sent, awaited.deadline())) + " (deadline " + awaited.deadline() + ")";
        }

        private void abort(String reason) {
            announce(Announcement.DEPLOYMENT_ABORTED, Map.of(Announce.Facts.REASON, reason));
            end(ReleaseStatus.ABORTED, phase, PhaseStatus.FAILED, "aborted before any change to production: " + reason);
        }

        // ---- the guard

        private void watchGuards() {
            Duration maximum = Duration.ofMinutes(spec.thresholdsOrDefaults().maxDurationMinutes());
            List<GuardRule> rules = GuardRules.effective(spec);
            Instant until = startedAt.plus(maximum);
            Command watch =
                    command("guards/watch", new WatchGuards(spec.environment(), targets.kubernetes(), rules, until));
            guard = Guard.watching(watch.commandId(), rules, until);
            commands.add(watch);
        }

        /** A later watch of the same release replaces the first one at the validator. */
        private void watchDuringHypercare(Hypercare hypercare) {
            Command watch = command(
                    "guards/hypercare",
                    new WatchGuards(spec.environment(), targets.kubernetes(), guard.rules(), hypercare.until()));
            guard = guard.inHypercare(watch.commandId(), hypercare.until());
            commands.add(watch);
        }

        private void stopGuards(String reason) {
            if (guard != null) {
                commands.add(command("guards/stop", new StopGuards(reason)));
            }
        }

        void endHypercare(UUID newer) {
            String reason = "superseded by release " + newer;
            Breach open = guard.alert();
            guard = guard.supersededBy(newer);
            stopGuards(reason);
            guardNotice("hypercare ended early: " + reason
                    + (open == null ? "" : "; the undecided alert on " + open.rule() + " is closed with it"));
        }

        void sampled(List<Measurement> measurements) {
            guard = guard.sampled(measurements);
            if (observing()) {
                observation = observation.sampled(measurements.stream()
                        .filter(m -> guard.watches(m.name()))
                        .toList());
            }
        }

        void guardUnavailable(String reason) {
            guard = guard.unavailable(reason);
            guardNotice(couldNotWatch());
        }

        private String couldNotWatch() {
            return "the guard could not watch: " + guard.unavailable();
        }

        private boolean observing() {
            return observation != null
                    && observation.phase() == phase
                    && (status == ReleaseStatus.RUNNING || status == ReleaseStatus.AWAITING_DECISION);
        }

        /**
         * Ends an observing phase once its outcome is known: failed at once if the guard cannot watch, and at the
         * end of the period failed if a rule never had data, else passed when the phase's command has too. A
         * decision awaited holds it, like any success.
         *
         * @return whether the phase ended
         */
        boolean observe() {
            if (!observing() || status != ReleaseStatus.RUNNING) {
                return false;
            }
            if (guard.unavailable() != null) {
                failed(pending, RollbackTrigger.METRICS_UNAVAILABLE, couldNotWatch(), ReleaseStatus.ROLLED_BACK);
                return true;
            }
            if (now.isBefore(observation.until())) {
                return false;
            }
            List<String> silent = observation.withoutData(guard.rules());
            if (!silent.isEmpty()) {
                long period = Duration.between(observation.since(), observation.until())
                        .toSeconds();
                failed(
                        pending,
                        RollbackTrigger.METRICS_UNAVAILABLE,
                        "no guard data in " + period + " s of observation for " + String.join(", ", silent),
                        ReleaseStatus.ROLLED_BACK);
                return true;
            }
            if (!observation.commandPassed()) {
                return false;
            }
            String notes = observation.describe(guard.rules(), now);
            PhaseDefinition current = definition(phase);
            observation = null;
            facts = current.onSuccess().apply(facts);
            mark(Stage.of(current.phase()), PhaseStatus.SUCCEEDED, notes);
            proceedFrom(current, PhaseStatus.SUCCEEDED, notes);
            return true;
        }

        void guardNotice(String notes) {
            timeline.add(TimelineEntry.started(GuardStep.GUARD_NOTICE, PhaseStatus.SUCCEEDED, now, notes));
            change(phase, null, "guard: " + notes);
        }

        /** A rule fired: what follows depends on its severity and on where the release stands. */
        void fired(Breach breach) {
            switch (status) {
                case RUNNING -> {
                    switch (breach.severity()) {
                        case IMMEDIATE -> rollBackOn(breach);
                        case EVALUATE -> requestDecision(breach);
                    }
                }
                case AWAITING_DECISION -> {
                    switch (breach.severity()) {
                        case IMMEDIATE -> rollBackOn(breach);
                        case EVALUATE ->
                            guardNotice("fired while a decision is awaited, recorded for it: " + breach.describe());
                    }
                }
                case ROLLING_BACK -> guardNotice("fired during the rollback: " + breach.describe());
                case COMPLETED -> hypercareAlert(breach);
                case ROLLED_BACK, FAILED, ABORTED ->
                    throw new IllegalStateException("an ended release has no guard to fire");
            }
        }

        private void rollBackOn(Breach breach) {
            timeline.add(TimelineEntry.started(GuardStep.GUARD_BREACH, PhaseStatus.FAILED, now, breach.describe()));
            cause = breach;
            failed(pending, breach.trigger(), breach.explanation(), ReleaseStatus.ROLLED_BACK);
        }

        private void requestDecision(Breach breach) {
            Duration timeout = policy().map(GuardPolicy::decisionTimeoutSeconds)
                    .map(Duration::ofSeconds)
                    .orElse(settings.decisionTimeout());
            DecisionAction onTimeout =
                    policy().map(GuardPolicy::onDecisionTimeout).orElse(DecisionAction.ROLLBACK);
            Instant deadline = now.plus(timeout);
            status = ReleaseStatus.AWAITING_DECISION;
            decision = new AwaitedDecision(breach, now, deadline, onTimeout, null, null);
            timeline.add(TimelineEntry.started(GuardStep.GUARD_BREACH, PhaseStatus.FAILED, now, breach.describe()));
            timeline.add(TimelineEntry.started(
                    GuardStep.DECISION,
                    PhaseStatus.RUNNING,
                    now,
                    "awaiting a decision (ROLLBACK or CONTINUE) by " + deadline + "; without one: " + onTimeout));
            change(phase, null, breach.describe() + "; awaiting a decision by " + deadline + ", then " + onTimeout);
            Map<String, String> announced = breach.facts();
            announced.put(Announce.Facts.DECIDE_BY, deadline.toString());
            announced.put(Announce.Facts.ON_TIMEOUT, onTimeout.name());
            announced.put(Announce.Facts.DECISION_COMMAND, decisionCommand());
            announce(Announcement.DECISION_REQUESTED, announced, occasion(Announcement.DECISION_REQUESTED, breach));
        }

        /** By a person or, past the deadline, by the release's default. */
        void decided(DecisionAction action, String why) {
            AwaitedDecision awaited = decision;
            closeDecision(why);
            change(phase, null, "decision on " + awaited.breach().rule() + ": " + why);
            status = ReleaseStatus.RUNNING;
            switch (action) {
                case CONTINUE -> {
                    if (awaited.held() != null) {
                        pending = awaited.answered();
                        apply(pending, Report.of(awaited.held().body()));
                    }
                    observe();
                }
                case ROLLBACK -> {
                    cause = awaited.breach();
                    String reason = awaited.breach().explanation() + "; " + why;
                    if (awaited.held() == null) {
                        failed(pending, awaited.breach().trigger(), reason, ReleaseStatus.ROLLED_BACK);
                    } else {
                        // the step did succeed: what it reported is what the rollback must undo
                        Report held = Report.of(awaited.held().body());
                        learn(held);
                        mark(awaited.answered().stage(), PhaseStatus.SUCCEEDED, held.text());
                        facts = definition(phase).onSuccess().apply(facts);
                        change(phase, PhaseStatus.SUCCEEDED, held.text());
                        stopOrRollBack(
                                awaited.breach().trigger(),
                                awaited.breach().trigger() + ": " + reason,
                                reason,
                                ReleaseStatus.ROLLED_BACK);
                    }
                }
            }
        }

        private void hypercareAlert(Breach breach) {
            guard = guard.alerting(breach);
            timeline.add(TimelineEntry.started(
                    GuardStep.GUARD_BREACH, PhaseStatus.FAILED, now, "during hypercare: " + breach.describe()));
            change(null, null, "HYPERCARE ALERT " + breach.describe());
            Map<String, String> announced = breach.facts();
            announced.put(Announce.Facts.HYPERCARE_UNTIL, guard.hypercareUntil().toString());
            announced.put(Announce.Facts.DECISION_COMMAND, decisionCommand());
            announce(Announcement.HYPERCARE_ALERT, announced, occasion(Announcement.HYPERCARE_ALERT, breach));
        }

        /** After a hypercare alert: ROLLBACK runs the runbook's rollback of the completed release; CONTINUE dismisses. */
        void decidedAfterAlert(DecisionAction action, String why) {
            Breach alert = guard.alert();
            guard = guard.alerting(null);
            timeline.add(TimelineEntry.started(GuardStep.DECISION, PhaseStatus.SUCCEEDED, now, why));
            switch (action) {
                case CONTINUE -> change(null, null, "hypercare alert on " + alert.rule() + " dismissed: " + why);
                case ROLLBACK -> {
                    phase = runbook.phases().get(runbook.phases().size() - 1).phase();
                    endedAt = null;
                    cause = alert;
                    change(phase, null, "hypercare alert on " + alert.rule() + ": " + why);
                    beginRollback(alert.trigger(), alert.explanation() + "; " + why, ReleaseStatus.ROLLED_BACK);
                }
            }
        }

        private void closeDecision(String notes) {
            if (decision == null) {
                return;
            }
            decision = null;
            int i = indexOf(GuardStep.DECISION);
            timeline.set(i, timeline.get(i).withStatus(PhaseStatus.SUCCEEDED, now, notes));
        }

        private String voteCommand() {
            return "curl -X POST " + settings.coordinatorUrl() + "/releases/" + releaseId
                    + "/votes -H 'Authorization: Bearer <your token>' -H 'Content-Type: application/json'"
                    + " -d '{\"role\":\"<your role>\",\"decision\":\"GO\",\"comment\":\"...\""
                    + (ballot.migrationsHash() == null ? "" : ",\"migrationsHash\":\"" + ballot.migrationsHash() + "\"")
                    + "}'";
        }

        private String decisionCommand() {
            return "curl -X POST " + settings.coordinatorUrl() + "/releases/" + releaseId
                    + "/decisions -H 'Authorization: Bearer <your token>' -H 'Content-Type: application/json'"
                    + " -d '{\"action\":\"ROLLBACK\",\"reason\":\"...\"}'";
        }

        private String occasion(Announcement announcement, Breach breach) {
            return "announce/" + announcement + "/" + breach.rule() + "/" + breach.at();
        }

        // ---- rolling back

        private void beginRollback(RollbackTrigger trigger, String why, ReleaseStatus outcome) {
            Set<RollbackStep> undo = runbook.phases().stream()
                    .filter(this::changed)
                    .flatMap(d -> d.undoneBy().stream())
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(RollbackStep.class)));
            status = ReleaseStatus.ROLLING_BACK;
            rollbackRequest = null;
            String reason = unanswered == null
                    ? why
                    : why + "; compensating " + unanswered.stage().task() + ", which "
                            + unanswered.worker().id() + " may still carry out";
            rollback = new Rollback(trigger, reason, now, outcome, runbook.rollbackPlan(undo), unanswered);
            String initiated = "ROLLBACK INITIATED (" + (trigger.immediate() ? "immediate" : "evaluated") + " trigger "
                    + trigger + "): " + reason;
            timeline.add(TimelineEntry.started(RollbackStep.DECLARE_ROLLBACK, PhaseStatus.SUCCEEDED, now, initiated));
            change(phase, PhaseStatus.FAILED, initiated);
            Map<String, String> announced = new HashMap<>();
            announced.put(Announce.Facts.REASON, reason);
            announced.put(Announce.Facts.TRIGGER, trigger.name());
            if (cause != null) {
                announced.putAll(cause.facts());
                announced.put(Announce.Facts.REASON, reason);
            }
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
            // R4's own words, so the announcement claims only what the verification measured
            entry(RollbackStep.VERIFY_ROLLBACK)
                    .map(TimelineEntry::notes)
                    .filter(n -> n != null && !n.isBlank())
                    .ifPresent(n -> announced.put(Announce.Facts.VERIFICATION, n));
            timeline.add(TimelineEntry.started(
                    RollbackStep.ANNOUNCE_ROLLBACK_COMPLETE,
                    PhaseStatus.SUCCEEDED,
                    now,
                    "ROLLBACK COMPLETE in " + duration));
            announce(Announcement.ROLLBACK_COMPLETE, announced);
            String compensated = rollback.unanswered() == null
                    ? ""
                    : "; compensated " + rollback.unanswered().stage().task() + ", which "
                            + rollback.unanswered().worker().id() + " had not answered";
            end(
                    rollback.outcome(),
                    phase,
                    PhaseStatus.ROLLED_BACK,
                    "rollback complete in " + duration + " after " + rollback.trigger() + compensated);
            announceIncidentReport();
        }

        /**
         * Post-Rollback Actions, step 1: the incident report's summary, rendered from the ended release, goes to chat.
         * Once: the rollback ends in one transition, and its command id names the occasion.
         */
        private void announceIncidentReport() {
            IncidentReport report = IncidentReport.of(done().state(), settings.coordinatorUrl());
            announce(
                    Announcement.INCIDENT_REPORT,
                    Map.of(Announce.Facts.INCIDENT_REPORT, IncidentMarkdown.summary(report)));
        }

        // ---- building blocks

        private void end(ReleaseStatus terminal, Phase at, PhaseStatus phaseStatus, String reason) {
            status = terminal;
            endedAt = now;
            pending = null;
            ballot = null;
            rollbackRequest = null;
            change(at, phaseStatus, reason);
            switch (terminal) {
                case COMPLETED -> hypercare().ifPresent(this::watchDuringHypercare);
                case ROLLED_BACK, ABORTED, FAILED -> stopGuards("release ended " + terminal);
                case RUNNING, AWAITING_DECISION, ROLLING_BACK ->
                    throw new IllegalStateException(terminal + " does not end a release");
            }
            phase = null;
        }

        private void await(Stage stage, Action.Await awaited) {
            Worker worker = Worker.consuming(awaited.command().topic());
            Instant deadline = now.plus(awaited.within());
            // the worker refuses it once the release has given up on it, instead of changing production behind it
            Command command = command(stage.name(), awaited.command()).expiringAt(deadline);
            pending = new PendingCommand(command.commandId(), stage, worker, deadline);
            commands.add(command);
        }

        private void announce(Announcement announcement, Map<String, String> announced) {
            announce(announcement, announced, "announce/" + announcement);
        }

        /** @param step names the command; announcements that may repeat name each occasion */
        private void announce(Announcement announcement, Map<String, String> announced, String step) {
            Map<String, String> all = new HashMap<>(announced);
            if (requestedBy != null) {
                all.putIfAbsent(Announce.Facts.REQUESTED_BY, requestedBy);
            }
            Command command = command(
                    step,
                    new Announce(
                            announcement,
                            spec.application(),
                            spec.environment(),
                            spec.version(),
                            targets.notifications(),
                            all));
            commands.add(command);
            Instant answerBy = Notice.awaited(announcement) ? now.plus(noticeSettings.rollbackAnswerWithin()) : null;
            notices.add(Notice.sent(command.commandId(), announcement, currentRow(), now, answerBy));
        }

        /**
         * The row an announcement belongs to: during a rollback its latest step, else the running phase, else (after
         * the release ended) the row that began last.
         */
        private Stage currentRow() {
            if (rollback != null) {
                for (int i = timeline.size() - 1; i >= 0; i--) {
                    if (timeline.get(i).stage() instanceof RollbackStep) {
                        return timeline.get(i).stage();
                    }
                }
            }
            if (phase != null) {
                return Stage.of(phase);
            }
            TimelineEntry latest = timeline.get(0);
            for (TimelineEntry entry : timeline) {
                if (entry.startedAt() != null
                        && (latest.startedAt() == null || !entry.startedAt().isBefore(latest.startedAt()))) {
                    latest = entry;
                }
            }
            return latest.stage();
        }

        void noticeAnswered(Notice notice, Announced announced) {
            Notice answered = notice.concluded(announced, now);
            if (Notice.awaited(answered.announcement()) && answered.fallback() == null && !answered.reachedSomeone()) {
                answered = page(answered, "chat and the notifier's own page both failed (" + answered.outcome() + ")");
            }
            noticeChanged(notice, answered, answered.outcome());
        }

        /**
         * Rollback announcements past their deadline without the notifier's answer become UNANSWERED, and the
         * coordinator pages about each itself.
         *
         * @return whether any was overdue
         */
        boolean noticesOverdue() {
            boolean any = false;
            for (Notice notice : List.copyOf(notices)) {
                if (notice.overdue(now)) {
                    Notice unanswered = page(
                            notice.unanswered(),
                            "the notifier did not answer by " + notice.answerBy() + ": it may be down or stuck");
                    noticeChanged(notice, unanswered, unanswered.outcome());
                    any = true;
                }
            }
            return any;
        }

        void fallbackPaged(Notice notice, Delivery delivery) {
            Notice paged = notice.paged(delivery);
            noticeChanged(
                    notice,
                    paged,
                    paged.announcement().title() + ": " + paged.fallback().describe());
        }

        private Notice page(Notice notice, String why) {
            String dedupKey = FallbackPage.dedupKey(releaseId, notice.announcement());
            String summary = notice.announcement().title() + " for " + spec.application() + " " + spec.version()
                    + " in " + spec.environment() + " reached nobody: " + why;
            Map<String, String> details = new HashMap<>();
            details.put("release", releaseId.toString());
            details.put("release_url", settings.coordinatorUrl() + "/releases/" + releaseId);
            details.put("announcement", notice.announcement().title());
            details.put("why", why);
            if (rollback != null) {
                details.put("rollback_reason", rollback.reason());
            }
            pages.add(new FallbackPage(
                    releaseId,
                    notice.commandId(),
                    notice.announcement(),
                    dedupKey,
                    summary,
                    "runway/" + spec.application() + "/" + spec.environment(),
                    spec.application(),
                    spec.environment(),
                    now,
                    details));
            return notice.paging(dedupKey, now);
        }

        /** Records the notice's new state, with {@code outcome} in its timeline row and on the audit stream. */
        private void noticeChanged(Notice before, Notice after, String outcome) {
            notices.set(notices.indexOf(before), after);
            int row = indexOf(after.stage());
            String notes = timeline.get(row).notes();
            timeline.set(
                    row,
                    timeline.get(row).withNotes(notes == null || notes.isBlank() ? outcome : notes + "; " + outcome));
            change(phase, null, outcome);
        }

        private Command command(String step, CommandBody body) {
            UUID id = UUID.nameUUIDFromBytes((releaseId + "/" + step).getBytes(StandardCharsets.UTF_8));
            return Command.of(id, releaseId, now, phase, body);
        }

        void change(Phase at, PhaseStatus phaseStatus, String reason) {
            changes.add(new Change(status, at, phaseStatus, reason, actor));
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
