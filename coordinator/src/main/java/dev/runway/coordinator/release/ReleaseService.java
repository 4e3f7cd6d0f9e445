package dev.runway.coordinator.release;

import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.messaging.Outbox;
import dev.runway.coordinator.messaging.RefusedEventException;
import dev.runway.coordinator.persistence.OutboxEntity;
import dev.runway.coordinator.persistence.ProcessedEventEntity;
import dev.runway.coordinator.persistence.ReleaseEntity;
import dev.runway.coordinator.persistence.StateCodec;
import dev.runway.coordinator.phase.EventSender;
import dev.runway.coordinator.phase.GuardSettings;
import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.Notice;
import dev.runway.coordinator.phase.NoticeSettings;
import dev.runway.coordinator.phase.ProductionRunbook;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.ReleaseStateMachine;
import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.phase.Transition;
import dev.runway.coordinator.phase.VotingPolicy;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.spec.ReleaseSpec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.StaleObjectStateException;
import org.jboss.logging.Logger;

/**
 * The shell around the pure state machine: loads a release, applies one input, stores the new
 * state together with the outbox rows in one transaction, then publishes.
 */
@ApplicationScoped
public class ReleaseService {

    /** The statuses the code freeze counts as active; the partial unique index {@code release_one_active} agrees. */
    static final List<String> ACTIVE = List.of(
            ReleaseStatus.RUNNING.name(), ReleaseStatus.AWAITING_DECISION.name(), ReleaseStatus.ROLLING_BACK.name());

    private static final Logger LOG = Logger.getLogger(ReleaseService.class);

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    ReleaseMetrics metrics;

    @Inject
    CoordinatorConfig config;

    private ReleaseStateMachine machine;

    @PostConstruct
    void createMachine() {
        machine = new ReleaseStateMachine(
                new ProductionRunbook(
                        config.monitoringObservation(), new VotingPolicy(config.requiredVotes(), config.voteWindow())),
                new GuardSettings(
                        config.decisionTimeout(),
                        config.hypercare(),
                        config.publicUrl(),
                        config.rollbackRequestWindow()),
                new NoticeSettings(config.rollbackAnnouncementTimeout()));
    }

    /**
     * Starts a release unless another one is active for the same application and environment, and ends the
     * hypercare of the one before it in the same transaction: if the start is refused (here or by the
     * one-active-release index), the earlier release keeps its hypercare, since nothing new rolls out.
     *
     * @param requestedBy the token subject of the caller
     */
    public Uni<StartOutcome> start(ReleaseSpec spec, ReleaseTargets targets, String requestedBy) {
        UUID id = UUID.randomUUID();
        return retryOnConflict(() -> Panache.withTransaction(() -> ReleaseEntity.<ReleaseEntity>find(
                                "application = ?1 and environment = ?2 and status in ?3",
                                spec.application(),
                                spec.environment(),
                                ACTIVE)
                        .firstResult()
                        .chain(active -> {
                            if (active != null) {
                                return Uni.createFrom().item(StartOutcome.blockedBy(active.id, active.version));
                            }
                            return supersedeLatest(spec, id).chain(superseded -> {
                                Transition transition = machine.start(id, spec, targets, requestedBy, clock.instant());
                                ReleaseEntity entity = new ReleaseEntity();
                                entity.id = id;
                                copy(transition.state(), entity);
                                return entity.<ReleaseEntity>persist()
                                        .chain(() -> outbox.write(transition, entity))
                                        .map(rows -> StartOutcome.started(
                                                transition.state(), concat(superseded.rows(), rows)));
                            });
                        })))
                .call(outcome -> outbox.publish(outcome.rows()));
    }

    /**
     * Every start supersedes the latest completed release, so no earlier completed one can still be in hypercare.
     */
    private Uni<Applied> supersedeLatest(ReleaseSpec spec, UUID newer) {
        return ReleaseEntity.<ReleaseEntity>find(
                        "application = ?1 and environment = ?2 and status = ?3 order by endedAt desc",
                        spec.application(),
                        spec.environment(),
                        ReleaseStatus.COMPLETED.name())
                .firstResult()
                .chain(latest -> latest == null
                        ? Uni.createFrom().item(Applied.NOTHING)
                        : apply(latest, new Input.Superseded(newer)));
    }

    private static List<OutboxEntity> concat(List<OutboxEntity> first, List<OutboxEntity> second) {
        List<OutboxEntity> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Applies a worker's event once; a redelivered event id changes nothing. An event not from the worker its command
     * belongs to fails with {@link RefusedEventException} and changes nothing either.
     */
    public Uni<Void> onEvent(Event event) {
        return retryOnConflict(() -> Panache.withTransaction(() -> ProcessedEventEntity.<ProcessedEventEntity>findById(
                                event.eventId())
                        .chain(seen -> {
                            if (seen != null) {
                                return Uni.createFrom().item(Applied.NOTHING);
                            }
                            return ReleaseEntity.<ReleaseEntity>findById(event.releaseId())
                                    .chain(entity -> {
                                        Optional<EventSender.Refusal> refusal = EventSender.refusal(
                                                entity == null ? null : StateCodec.read(entity.state), event);
                                        if (refusal.isPresent()) {
                                            return Uni.createFrom().failure(new RefusedEventException(refusal.get()));
                                        }
                                        if (entity == null) {
                                            LOG.warnf(
                                                    "event %s names unknown release %s; ignored",
                                                    event.eventId(), event.releaseId());
                                            return Uni.createFrom().item(Applied.NOTHING);
                                        }
                                        ProcessedEventEntity processed = new ProcessedEventEntity();
                                        processed.eventId = event.eventId();
                                        processed.releaseId = event.releaseId();
                                        processed.processedAt = clock.instant();
                                        return processed
                                                .persist()
                                                .chain(() -> apply(entity, new Input.WorkerReported(event)));
                                    });
                        })))
                .invoke(this::publishBehind)
                .replaceWithVoid();
    }

    /**
     * Applies what a person did through the API: a decision after a guard fired, a vote, an abort, a rollback
     * request. A completed release rolled back after a hypercare alert becomes active again, so the code freeze is
     * checked first. A refused input changes nothing in the database.
     */
    public Uni<DecisionOutcome> act(UUID id, Input decided) {
        return retryOnConflict(() -> Panache.withTransaction(() -> ReleaseEntity.<ReleaseEntity>findById(id)
                        .chain(entity -> {
                            if (entity == null) {
                                return Uni.createFrom().item(DecisionOutcome.NOT_FOUND);
                            }
                            if (!ReleaseStatus.COMPLETED.name().equals(entity.status)) {
                                return decide(entity, decided);
                            }
                            return ReleaseEntity.<ReleaseEntity>find(
                                            "application = ?1 and environment = ?2 and status in ?3 and id <> ?4",
                                            entity.application,
                                            entity.environment,
                                            ACTIVE,
                                            id)
                                    .firstResult()
                                    .chain(active -> active == null
                                            ? decide(entity, decided)
                                            : Uni.createFrom()
                                                    .item(DecisionOutcome.blockedBy(active.id, active.version)));
                        })))
                .call(outcome -> afterCommit(outcome.applied()));
    }

    private Uni<DecisionOutcome> decide(ReleaseEntity entity, Input decided) {
        ReleaseState before = StateCodec.read(entity.state);
        Transition transition = machine.on(before, decided, clock.instant());
        if (!transition.accepted()) {
            return Uni.createFrom().item(DecisionOutcome.refused(before, transition.rejection()));
        }
        return commit(entity, before, transition).map(applied -> DecisionOutcome.applied(transition.state(), applied));
    }

    /**
     * Checks the deadlines of every active release, and of every release with a rollback announcement to check; one
     * release whose check fails never stops the others'. Only a release whose state, as read for the whole list, has
     * a deadline passed gets a transaction of its own: with a thousand active releases, a transaction each on every
     * tick left the events waiting behind them.
     */
    public Uni<Void> tick() {
        Instant now = clock.instant();
        return Panache.withSession(
                        () -> ReleaseEntity.<ReleaseEntity>list("status in ?1 or noticeCheckAt <= ?2", ACTIVE, now))
                .invoke(list -> metrics.activeReleases((int)
                        list.stream().filter(e -> ACTIVE.contains(e.status)).count()))
                .map(list ->
                        list.stream().filter(e -> due(e, now)).map(e -> e.id).toList())
                .chain(ids -> eachOnItsOwn(ids, this::tick, (id, failure) -> {
                    LOG.errorf(failure, "release %s: deadline check failed; the other releases are checked", id);
                    metrics.deadlineCheckFailed();
                }));
    }

    /**
     * Runs {@code check} for each release in turn. A check that fails, or throws instead of returning, is reported to
     * {@code failed} and the next release is checked all the same.
     */
    static Uni<Void> eachOnItsOwn(List<UUID> ids, Function<UUID, Uni<Void>> check, BiConsumer<UUID, Throwable> failed) {
        return Multi.createFrom()
                .iterable(ids)
                .onItem()
                .transformToUniAndConcatenate(id -> Uni.createFrom()
                        .deferred(() -> check.apply(id))
                        .onFailure()
                        .recoverWithUni(e -> {
                            failed.accept(id, e);
                            return Uni.createFrom().voidItem();
                        }))
                .collect()
                .asList()
                .replaceWithVoid();
    }

    /**
     * Whether the clock moves this release on now, or a rollback announcement's answer or page is due to be checked.
     * The state read may be a moment old: a deadline it misses is met on the next tick, and one it sees that a newer
     * state no longer has changes nothing in the transaction. A state that cannot be checked counts as due, so that
     * its failure is reported there.
     */
    private boolean due(ReleaseEntity entity, Instant now) {
        if (entity.noticeCheckAt != null && !entity.noticeCheckAt.isAfter(now)) {
            return true;
        }
        try {
            return machine.on(StateCodec.read(entity.state), new Input.ClockTicked(), now)
                    .accepted();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private Uni<Void> tick(UUID id) {
        return retryOnConflict(() -> Panache.withTransaction(() -> ReleaseEntity.<ReleaseEntity>findById(id)
                        .chain(entity -> apply(entity, new Input.ClockTicked())
                                .chain(ticked -> recordPages(entity).map(ticked::and)))))
                .chain(this::afterCommit);
    }

    /**
     * Records the outcome of each direct page that has one: accepted or parked by the outbox relay, or never written
     * because fallback paging is not configured. Read from the page's outbox row, so an outcome reached before a
     * crash is recorded after it.
     */
    private Uni<Applied> recordPages(ReleaseEntity entity) {
        List<Notice> pending = StateCodec.read(entity.state).notices().stream()
                .filter(Notice::fallbackPending)
                .toList();
        return Multi.createFrom()
                .iterable(pending)
                .onItem()
                .transformToUniAndConcatenate(notice -> OutboxEntity.<OutboxEntity>findById(
                                Outbox.pageRow(entity.id, notice.fallback().dedupKey()))
                        .chain(row -> {
                            Delivery delivery = pageOutcome(row);
                            return delivery == null
                                    ? Uni.createFrom().item(Applied.NOTHING)
                                    : apply(entity, new Input.FallbackPaged(notice.commandId(), delivery));
                        }))
                .collect()
                .asList()
                .map(all -> all.stream().reduce(Applied.NOTHING, Applied::and));
    }

    /** @return null while the row waits to be sent */
    private Delivery pageOutcome(OutboxEntity row) {
        String target = Notice.Fallback.TARGET;
        if (row == null) {
            return new Delivery(Delivery.Route.PAGING, target, Delivery.Outcome.NOT_CONFIGURED, 0, 0, clock.instant());
        }
        if (row.sentAt != null) {
            return new Delivery(
                    Delivery.Route.PAGING, target, Delivery.Outcome.DELIVERED, 202, row.attempts + 1, row.sentAt);
        }
        if (row.parkedAt != null) {
            int status = row.httpStatus == null ? 0 : row.httpStatus;
            boolean refused = status >= 400 && status < 500 && status != 429;
            return new Delivery(
                    Delivery.Route.PAGING,
                    target,
                    refused ? Delivery.Outcome.REFUSED : Delivery.Outcome.UNREACHABLE,
                    status,
                    row.attempts,
                    row.parkedAt);
        }
        return null;
    }

    public Uni<ReleaseState> find(UUID id) {
        return Panache.withSession(() -> ReleaseEntity.<ReleaseEntity>findById(id))
                .map(entity -> entity == null ? null : StateCodec.read(entity.state));
    }

    public Uni<List<ReleaseState>> list(String application, String environment) {
        StringBuilder query = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (application != null) {
            params.add(application);
            query.append(" and application = ?").append(params.size());
        }
        if (environment != null) {
            params.add(environment);
            query.append(" and environment = ?").append(params.size());
        }
        query.append(" order by startedAt desc");
        return Panache.withSession(() -> ReleaseEntity.<ReleaseEntity>find(query.toString(), params.toArray())
                        .page(0, 100)
                        .list())
                .map(list -> list.stream().map(e -> StateCodec.read(e.state)).toList());
    }

    private Uni<Applied> apply(ReleaseEntity entity, Input input) {
        ReleaseState state = StateCodec.read(entity.state);
        Transition transition = machine.on(state, input, clock.instant());
        if (!transition.accepted()) {
            if (!(input instanceof Input.ClockTicked)) {
                LOG.debugf("release %s: input rejected: %s", entity.id, transition.rejection());
            }
            return Uni.createFrom().item(Applied.NOTHING);
        }
        return commit(entity, state, transition);
    }

    private Uni<Applied> commit(ReleaseEntity entity, ReleaseState before, Transition transition) {
        copy(transition.state(), entity);
        transition
                .changes()
                .forEach(c -> LOG.infof(
                        "release %s: %s %s %s: %s",
                        entity.id,
                        c.status(),
                        c.phase() == null ? "" : c.phase(),
                        c.phaseStatus() == null ? "" : c.phaseStatus(),
                        c.reason()));
        // a guard sample during hypercare keeps a completed release completed: it did not end again
        boolean ends =
                !before.status().terminal() && transition.state().status().terminal();
        ReleaseState ended = ends ? transition.state() : null;
        List<Notice> undelivered = transition.state().notices().stream()
                .filter(n -> n.fallback() != null && !n.fallback().pending())
                .filter(n -> before.notice(n.commandId())
                        .map(b -> b.fallback() == null || b.fallback().pending())
                        .orElse(true))
                .toList();
        return outbox.write(transition, entity).map(rows -> new Applied(rows, ended, transition.state(), undelivered));
    }

    private Uni<Void> afterCommit(Applied applied) {
        count(applied);
        return outbox.publish(applied.rows());
    }

    /**
     * As {@link #afterCommit}, but the worker-event consumer does not wait for the sends: it takes the next event
     * while this one's commands go out, in commit order. Events are handled one at a time, and waiting for Kafka's
     * acknowledgements and the second transaction that marks the rows sent held every event behind the one before.
     */
    private void publishBehind(Applied applied) {
        count(applied);
        outbox.publishBehind(applied.rows());
    }

    private void count(Applied applied) {
        if (applied.ended() != null) {
            metrics.releaseEnded(applied.ended());
        }
        applied.undelivered().forEach(n -> metrics.rollbackAnnouncementUndelivered(applied.state(), n));
    }

    /**
     * What committed transitions left to do: publish their rows, count the release's end and the rollback
     * announcements that reached nobody, once what the coordinator's own page did about each is known.
     */
    record Applied(List<OutboxEntity> rows, ReleaseState ended, ReleaseState state, List<Notice> undelivered) {
        static final Applied NOTHING = new Applied(List.of(), null, null, List.of());

        /** This, then {@code later} on the same release in the same transaction. */
        Applied and(Applied later) {
            List<Notice> notices = new ArrayList<>(undelivered);
            notices.addAll(later.undelivered());
            return new Applied(
                    concat(rows, later.rows()),
                    ended != null ? ended : later.ended(),
                    later.state() != null ? later.state() : state,
                    notices);
        }
    }

    private static void copy(ReleaseState state, ReleaseEntity entity) {
        entity.application = state.spec().application();
        entity.environment = state.spec().environment();
        entity.version = state.spec().version();
        entity.status = state.status().name();
        entity.phase = state.phase() == null ? null : state.phase().name();
        entity.state = StateCodec.write(state);
        entity.startedAt = state.startedAt();
        entity.endedAt = state.endedAt();
        entity.noticeCheckAt = state.notices().stream()
                .map(n -> n.fallbackPending()
                        ? n.fallback().requestedAt()
                        : n.status() == Notice.Status.SENT ? n.answerBy() : null)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static <T> Uni<T> retryOnConflict(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom()
                .<T>deferred(work)
                .onFailure(e -> e instanceof OptimisticLockException
                        || e instanceof StaleObjectStateException
                        || e.getCause() instanceof StaleObjectStateException)
                .retry()
                .atMost(5);
    }

    /** What {@link #act} did. */
    public record DecisionOutcome(
            ReleaseState state, String refusal, UUID blockingRelease, String blockingVersion, Applied applied) {

        static final DecisionOutcome NOT_FOUND = new DecisionOutcome(null, null, null, null, Applied.NOTHING);

        static DecisionOutcome refused(ReleaseState state, String why) {
            return new DecisionOutcome(state, why, null, null, Applied.NOTHING);
        }

        static DecisionOutcome blockedBy(UUID release, String version) {
            return new DecisionOutcome(null, null, release, version, Applied.NOTHING);
        }

        static DecisionOutcome applied(ReleaseState state, Applied applied) {
            return new DecisionOutcome(state, null, null, null, applied);
        }

        public boolean notFound() {
            return state == null && blockingRelease == null;
        }

        public boolean blocked() {
            return blockingRelease != null;
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    /** What {@link #start} did. */
    public record StartOutcome(
            ReleaseState state, List<OutboxEntity> rows, UUID blockingRelease, String blockingVersion) {

        static StartOutcome started(ReleaseState state, List<OutboxEntity> rows) {
            return new StartOutcome(state, rows, null, null);
        }

        static StartOutcome blockedBy(UUID release, String version) {
            return new StartOutcome(null, List.of(), release, version);
        }

        public boolean blocked() {
            return blockingRelease != null;
        }
    }
}
