package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.persistence.OutboxEntity;
import dev.runway.coordinator.persistence.ReleaseEntity;
import dev.runway.coordinator.phase.Change;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.Transition;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.CloudEvent;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Command;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Transactional outbox: commands and audit events are rows written in the transaction that changes
 * the release, then sent to Kafka after commit. A crash between commit and send leaves unsent rows
 * that {@link #relayUnsent()} publishes later, so nothing a transition decided is lost.
 */
@ApplicationScoped
public class Outbox {

    /** One channel for every topic the coordinator writes: each record names its topic. */
    public static final String CHANNEL = "runway-outbox";

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<String> emitter;

    @Inject
    Clock clock;

    @Inject
    CoordinatorConfig config;

    /** Writes the transition's commands and audit events; call inside the release's transaction. */
    public Uni<List<OutboxEntity>> write(Transition transition, ReleaseEntity release) {
        Instant now = clock.instant();
        List<OutboxEntity> rows = new ArrayList<>();
        for (Command command : transition.commands()) {
            rows.add(row(release.id, command.topic(), json(command), null, now));
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

    /** Sends rows that were just committed and marks them sent; failures are left to the relay. */
    public Uni<Void> publish(List<OutboxEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // sent without waiting for each acknowledgement: the producer keeps the order of sends per partition
        return Multi.createFrom()
                .iterable(rows)
                .onItem()
                .transformToUniAndMerge(this::send)
                .collect()
                .asList()
                .chain(sent -> Panache.withTransaction(() -> OutboxEntity.update(
                        "sentAt = ?1 where id in ?2",
                        clock.instant(),
                        rows.stream().map(r -> r.id).toList())))
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf("outbox rows left for the relay: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes rows whose inline publication did not happen (crash, broker down). */
    public Uni<Void> relayUnsent() {
        Instant before = clock.instant().minus(config.outboxRetryAfter());
        return Panache.withSession(() -> OutboxEntity.<OutboxEntity>find(
                                "sentAt is null and createdAt < ?1 order by createdAt", before)
                        .page(0, 500)
                        .list())
                .chain(rows -> {
                    if (!rows.isEmpty()) {
                        LOG.infof("relaying %d unsent outbox rows", rows.size());
                    }
                    return publish(rows);
                });
    }

    private Uni<Void> send(OutboxEntity row) {
        RecordHeaders headers = new RecordHeaders();
        if (row.headers != null) {
            readHeaders(row.headers).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        Message<String> message = Message.of(row.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic)
                        .withKey(row.messageKey)
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message);
    }

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
