package dev.runway.model.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a worker reports about a command. The envelope is the same for every event; the body says
 * what happened.
 *
 * @param commandId the command this event answers
 * @param source    the reporting service, e.g. {@code rollout-agent}
 */
public record Event(
        int schemaVersion,
        UUID eventId,
        UUID releaseId,
        UUID commandId,
        Instant occurredAt,
        String source,
        EventBody body) {

    public static final int SCHEMA_VERSION = 1;

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(body, "body");
    }

    /** An event answering {@code command}, with a fresh event id. */
    public static Event answering(
            dev.runway.model.command.Command command, String source, Instant occurredAt, EventBody body) {
        return of(UUID.randomUUID(), command.releaseId(), command.commandId(), occurredAt, source, body);
    }

    public static Event of(
            UUID eventId, UUID releaseId, UUID commandId, Instant occurredAt, String source, EventBody body) {
        return new Event(SCHEMA_VERSION, eventId, releaseId, commandId, occurredAt, source, body);
    }
}
