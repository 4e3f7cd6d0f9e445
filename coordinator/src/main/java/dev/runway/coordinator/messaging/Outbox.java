package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.metrics.MessagingMetrics;
import dev.runway.coordinator.persistence.OutboxEntity;
import dev.runway.coordinator.persistence.ReleaseEntity;
import dev.runway.coordinator.phase.Change;
import dev.runway.coordinator.phase.FallbackPage;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.Transition;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.CloudEvent;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Command;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Transactional outbox: commands and audit events are rows written in the transaction that changes
 * the release, then sent to Kafka after commit. A crash between commit and send leaves unsent rows
 * that {@link #relayUnsent()} publishes later, so nothing a transition decided is lost.
 *
 * <p>Each row is marked sent on its own acknowledgement, so one the broker refuses holds up no other; it is tried
 * again by the relay and parked, with its last error, after {@code outbox-max-attempts} refusals. Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED} for as long as their sends take, so two coordinators never send one row twice.
 *
 * <p>The coordinator's own pages ({@link PagerDutyFallback}) are rows too, with their own destination: they are
 * posted over HTTP instead of sent to Kafka, retried by the same relay and parked by the same rule, except that every
 * failed post counts, since a page that cannot get through soon must hand over to Alertmanager rather than wait.
 */
@ApplicationScoped
public class Outbox {

    /** The end of the chain of {@link #publishBehind} publications; each waits for the one before it. */
    private final AtomicReference<CompletableFuture<Void>> lastPublication =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    /** One channel for every topic the coordinator writes: each record names its topic. */
    public static final String CHANNEL = "runway-outbox";

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private static final String COLUMNS = "id, release_id, topic, message_key, payload, headers";

    /** The rows a transaction just wrote, unless the relay or another coordinator holds or sent them already. */
    private static final String CLAIM_BY_ID = "SELECT " + COLUMNS + " FROM outbox WHERE id = ANY($1)"
            + " AND sent_at IS NULL AND parked_at IS NULL ORDER BY seq FOR UPDATE SKIP LOCKED";

    /** The oldest rows left unsent past outbox-retry-after that no other relay holds. */
    private static final String CLAIM_UNSENT = "SELECT " + COLUMNS + " FROM outbox"
            + " WHERE sent_at IS NULL AND parked_at IS NULL AND created_at < $1"
            + " ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED";

    private static final int MAX_ERROR_LENGTH = 500;

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<String> emitter;

    @Inject
    Clock clock;

    @Inject
    CoordinatorConfig config;

    @Inject
    Pool pool;

    @Inject
    MessagingMetrics metrics;

    @Inject
    PagerDutyFallback pagerDuty;

    /**
     * The row of the page with {@code dedupKey}: one per page, so even a page decided twice would be one row, posted
     * once.
     */
    public static UUID pageRow(UUID releaseId, String dedupKey) {
        return UUID.nameUUIDFromBytes((releaseId + "/page/" + dedupKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the transition's commands, pages and audit events; call inside the release's transaction. Pages are
     * written only when fallback paging is configured: otherwise nothing could send them.
     */
    public Uni<List<OutboxEntity>> write(Transition transition, ReleaseEntity release) {
        Instant now = clock.instant();
        List<OutboxEntity> rows = new ArrayList<>();
        for (Command command : transition.commands()) {
            rows.add(row(release.id, command.topic(), json(command), null, now));
        }
        if (pagerDuty.configured()) {
            for (FallbackPage page : transition.pages()) {
                OutboxEntity row = row(release.id, PagerDutyFallback.DESTINATION, pagerDuty.payload(page), null, now);
                row.id = pageRow(release.id, page.dedupKey());
                row.messageKey = page.dedupKey();
                rows.add(row);
            }
        }
        ReleaseState state = transition.state();
        for (Change change : transition.changes()) {
            release.auditSequence++;
            ReleaseTransitioned data = new ReleaseTransitioned(
                    ReleaseTransitioned.SCHEMA_VERSION,
                    release.id,
                    release.auditSequence,
                    state.spec().application(),
                    state.spec().environment(),
                    state.spec().version(),
                    change.status(),
                    change.phase(),
                    change.phaseStatus(),
                    change.reason(),
                    now);
            UUID id = UUID.nameUUIDFromBytes(
                    (release.id + "/audit/" + release.auditSequence).getBytes(StandardCharsets.UTF_8));
            CloudEvent event = new CloudEvent(
                    id.toString(),
                    config.auditSource(),
                    ReleaseTransitioned.TYPE,
                    release.id.toString(),
                    change.actor(),
                    now,
                    json(data).getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            event.kafkaHeaders().forEach((k, v) -> headers.put(k, new String(v, StandardCharsets.UTF_8)));
            rows.add(row(
                    release.id, Topics.AUDIT, new String(event.data(), StandardCharsets.UTF_8), json(headers), now));
        }
        return Multi.createFrom()
                .iterable(rows)
                .onItem()
                .transformToUniAndConcatenate(r -> r.<OutboxEntity>persist())
                .collect()
                .asList();
    }

    /**
     * Sends rows that were just committed, each marked sent on its own acknowledgement, once every row handed over
     * before them has been sent; what fails is left to the relay. Completes when these rows' sends are done.
     */
    public Uni<Void> publish(List<OutboxEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> behindEarlier(rows));
    }

    /**
     * As {@link #publish}, without waiting: the caller's next transaction overlaps these sends. Both go through one
     * chain, so a release's rows reach Kafka in the order their transactions committed, whichever path committed
     * them (a worker's event, a person's vote, a deadline). Rows a crash leaves unsent are the relay's.
     */
    public void publishBehind(List<OutboxEntity> rows) {
        if (!rows.isEmpty()) {
            behindEarlier(rows);
        }
    }

    private CompletableFuture<Void> behindEarlier(List<OutboxEntity> rows) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        lastPublication
                .getAndSet(published)
                .whenComplete((ok, failure) -> sendNow(rows)
                        .subscribe()
                        .with(done -> published.complete(null), failed -> published.complete(null)));
        return published;
    }

    private Uni<Void> sendNow(List<OutboxEntity> rows) {
        UUID[] ids = rows.stream().map(r -> r.id).toArray(UUID[]::new);
        return claimAndSend(CLAIM_BY_ID, Tuple.of(ids))
                .onFailure()
                .invoke(e -> LOG.warnf("outbox rows left for the relay: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes rows whose inline publication did not happen (crash, broker down). */
    public Uni<Void> relayUnsent() {
        return relay().replaceWithVoid();
    }

    /**
     * One relay pass: claims up to {@code outbox-relay-batch} unsent rows that no other coordinator holds, sends them
     * and records each outcome.
     *
     * @return how many rows this pass sent
     */
    Uni<Integer> relay() {
        OffsetDateTime before =
                OffsetDateTime.ofInstant(clock.instant().minus(config.outboxRetryAfter()), ZoneOffset.UTC);
        return claimAndSend(CLAIM_UNSENT, Tuple.of(before, config.outboxRelayBatch()))
                .invoke(sent -> {
                    if (sent > 0) {
                        LOG.infof("relayed %d unsent outbox rows", sent);
                    }
                })
                .call(() -> pool.query("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")
                        .execute()
                        .invoke(result -> metrics.outboxParkedRows(
                                result.iterator().next().getLong(0))));
    }

    /**
     * Claims rows with {@code FOR UPDATE SKIP LOCKED} and holds them until each send is acknowledged or refused, so
     * a second coordinator's relay skips them rather than sending them again.
     */
    private Uni<Integer> claimAndSend(String claim, Tuple parameters) {
        return pool.withTransaction(connection -> connection
                .preparedQuery(claim)
                .execute(parameters)
                .map(Outbox::claimed)
                .chain(claimed -> Multi.createFrom()
                        .iterable(claimed)
                        .onItem()
                        // sent without waiting for each other's acknowledgement: the idempotent producer keeps the
                        // order of sends per partition
                        .transformToUniAndMerge(this::attempt)
                        .collect()
                        .asList())
                .call(outcomes -> record(connection, outcomes))
                .map(outcomes ->
                        (int) outcomes.stream().filter(o -> o.error() == null).count()));
    }

    private Uni<Outcome> attempt(Claimed row) {
        Uni<Void> sent = page(row) ? pagerDuty.send(row.payload()) : send(row);
        return sent.ifNoItem()
                .after(config.outboxSendTimeout())
                .failWith(() -> new TimeoutException("no acknowledgement within " + config.outboxSendTimeout()))
                .map(ignored -> new Outcome(row, null))
                .onFailure()
                .recoverWithItem(e -> new Outcome(row, e));
    }

    private Uni<Void> record(SqlConnection connection, List<Outcome> outcomes) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        UUID[] sent = outcomes.stream()
                .filter(o -> o.error() == null)
                .map(o -> o.row().id())
                .toArray(UUID[]::new);
        Uni<Void> markSent = sent.length == 0
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("UPDATE outbox SET sent_at = $1 WHERE id = ANY($2)")
                        .execute(Tuple.of(now, sent))
                        .replaceWithVoid();
        return markSent.chain(() -> Multi.createFrom()
                .iterable(outcomes)
                .filter(o -> o.error() != null)
                .onItem()
                .transformToUniAndConcatenate(o -> failed(connection, o, now))
                .collect()
                .asList()
                .replaceWithVoid());
    }

    /**
     * Counts a refused send and parks the row once it was refused {@code outbox-max-attempts} times; a broker that
     * did not answer in time counts nothing, since the row itself is not at fault.
     */
    private Uni<Void> failed(SqlConnection connection, Outcome outcome, OffsetDateTime now) {
        Claimed row = outcome.row();
        boolean transientFailure = !page(row) && isTransient(outcome.error());
        String error = describe(outcome.error());
        Integer httpStatus = outcome.error() instanceof PagerDutyFallback.PageNotAccepted refused
                ? Integer.valueOf(refused.httpStatus())
                : null;
        return connection
                .preparedQuery("UPDATE outbox SET attempts = attempts + $2, last_error = $3,"
                        + " parked_at = CASE WHEN $2 > 0 AND attempts + $2 >= $4 THEN $5::timestamptz END,"
                        + " http_status = $6"
                        + " WHERE id = $1"
                        + " RETURNING attempts, parked_at")
                .execute(Tuple.of(
                        row.id(), transientFailure ? 0 : 1, error, config.outboxMaxAttempts(), now, httpStatus))
                .invoke(result -> {
                    Row updated = result.iterator().next();
                    if (updated.getValue("parked_at") != null) {
                        LOG.errorf(
                                "outbox row %s (release %s, topic %s) parked after %d refused sends: %s",
                                row.id(), row.releaseId(), row.topic(), updated.getInteger("attempts"), error);
                        metrics.outboxRowParked(row.topic());
                    } else {
                        LOG.warnf(
                                "outbox row %s (release %s, topic %s) not sent, %d refused sends so far: %s",
                                row.id(), row.releaseId(), row.topic(), updated.getInteger("attempts"), error);
                    }
                })
                .replaceWithVoid();
    }

    private static boolean page(Claimed row) {
        return PagerDutyFallback.DESTINATION.equals(row.topic());
    }

    /** Unreachable or slow brokers are Kafka's retriable errors; everything else is the record's own fault. */
    static boolean isTransient(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost exception's type and message: Kafka's errors name sizes and topics, never a record's content. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Row row : rows) {
            claimed.add(new Claimed(
                    row.getUUID("id"),
                    row.getUUID("release_id"),
                    row.getString("topic"),
                    row.getString("message_key"),
                    row.getString("payload"),
                    row.getString("headers")));
        }
        return claimed;
    }

    private Uni<Void> send(Claimed row) {
        RecordHeaders headers = new RecordHeaders();
        if (row.headers() != null) {
            readHeaders(row.headers()).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        Message<String> message = Message.of(row.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic())
                        .withKey(row.messageKey())
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message);
    }

    /** A row this coordinator holds until its send is acknowledged or refused. */
    private record Claimed(UUID id, UUID releaseId, String topic, String messageKey, String payload, String headers) {}

    /** What one send came to; {@code error} is null when the broker acknowledged it. */
    private record Outcome(Claimed row, Throwable error) {}

    private static OutboxEntity row(UUID releaseId, String topic, String payload, String headers, Instant now) {
        OutboxEntity row = new OutboxEntity();
        row.id = UUID.randomUUID();
        row.releaseId = releaseId;
        row.topic = topic;
        row.messageKey = releaseId.toString();
        row.payload = payload;
        row.headers = headers;
        row.createdAt = now;
        return row;
    }

    private static String json(Object value) {
        try {
            return RunwayJson.wire().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "not serialisable: " + value.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return RunwayJson.wire().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored outbox headers are unreadable", e);
        }
    }
}
