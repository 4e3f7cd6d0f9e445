package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Phase;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the coordinator asks a worker to do. The envelope is the same for every command; the body
 * says what to do.
 *
 * @param commandId workers remember it so that a redelivered command has no second side effect
 * @param phase     the phase of the release this command serves
 * @param notAfter  the last moment a worker may start carrying the command out; null when it never expires. The
 *     coordinator gives up on a step at this moment, so a worker that reads the command later refuses it with
 *     {@link dev.runway.model.event.CommandRefused} instead of changing production behind an ended release. An
 *     optional field added within version 1: readers ignore fields they do not know.
 */
public record Command(
        int schemaVersion,
        UUID commandId,
        UUID releaseId,
        Instant issuedAt,
        Phase phase,
        CommandBody body,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant notAfter) {

    public static final int SCHEMA_VERSION = 1;

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(body, "body");
    }

    public static Command of(UUID commandId, UUID releaseId, Instant issuedAt, Phase phase, CommandBody body) {
        return new Command(SCHEMA_VERSION, commandId, releaseId, issuedAt, phase, body, null);
    }

    /** This command, to be refused once {@code deadline} has passed. */
    public Command expiringAt(Instant deadline) {
        return new Command(schemaVersion, commandId, releaseId, issuedAt, phase, body, deadline);
    }

    /** True when a worker reading the command at {@code now} must refuse it. */
    public boolean expiredAt(Instant now) {
        return notAfter != null && now.isAfter(notAfter);
    }

    /** The topic of the worker that carries this command out. */
    public String topic() {
        return body.topic();
    }
}
