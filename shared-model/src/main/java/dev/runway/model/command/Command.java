package dev.runway.model.command;

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
 */
public record Command(
        int schemaVersion, UUID commandId, UUID releaseId, Instant issuedAt, Phase phase, CommandBody body) {

    public static final int SCHEMA_VERSION = 1;

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(body, "body");
    }

    public static Command of(UUID commandId, UUID releaseId, Instant issuedAt, Phase phase, CommandBody body) {
        return new Command(SCHEMA_VERSION, commandId, releaseId, issuedAt, phase, body);
    }

    /** The topic of the worker that carries this command out. */
    public String topic() {
        return body.topic();
    }
}
