package dev.runway.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every worker does around its handler: read the command, reject what it cannot read, refuse what has expired,
 * answer a redelivery from the handled-commands log, and publish what the handler reports. The worker-kit README
 * states the redelivery behaviour this implements.
 */
@ApplicationScoped
public class CommandIntake {

    private static final Logger LOG = Logger.getLogger(CommandIntake.class);

    private final HandledCommands handled;
    private final EventPublisher publisher;
    private final Clock clock;
    private final String source;

    /** @param source every event's {@code source}: the worker's application name, e.g. {@code migrator} */
    public CommandIntake(
            HandledCommands handled,
            EventPublisher publisher,
            Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.handled = handled;
        this.publisher = publisher;
        this.clock = clock;
        this.source = source;
    }

    /**
     * Carries the record's command out with {@code handler}, at most once per command id, across restarts.
     *
     * @throws RejectedCommand when the record is not a command of a supported schema version
     */
    public void accept(ConsumerRecord<String, String> record, CommandHandler handler) {
        Command command = read(record);
        HandledCommands.Claim claim = handled.claim(command.commandId());
        switch (claim.previously()) {
            case CONCLUDED -> {
                LOG.infof(
                        "Command %s of release %s is already concluded; publishing its concluding event %s again",
                        command.commandId(),
                        command.releaseId(),
                        claim.concluding().eventId());
                publisher.publish(claim.concluding());
            }
            case TAKEN_ON ->
                LOG.infof(
                        "Command %s of release %s is still in progress; ignoring the redelivery",
                        command.commandId(), command.releaseId());
            case INTERRUPTED -> {
                LOG.infof(
                        "Command %s of release %s was in progress when this worker last stopped; carrying it out again",
                        command.commandId(), command.releaseId());
                // Already started, so notAfter no longer applies, and a refusal would wrongly say nothing changed.
                carryOut(command, handler, false, claim.progress());
            }
            case NEVER -> carryOut(command, handler, true, Map.of());
        }
    }

    /**
     * Resumes a command an earlier run of this worker took on and did not conclude, unless a redelivery has taken it
     * on already. One the release has given up on ({@code notAfter} passed) is left alone: the coordinator has sent
     * its compensation, and a redelivery of it is refused.
     */
    public void resume(Command command, CommandHandler handler) {
        Instant now = clock.instant();
        if (command.expiredAt(now)) {
            LOG.infof(
                    "Not resuming %s %s of release %s, interrupted when this worker last stopped: expired at %s",
                    command.body().getClass().getSimpleName(),
                    command.commandId(),
                    command.releaseId(),
                    command.notAfter());
            return;
        }
        HandledCommands.Claim claim = handled.claim(command.commandId());
        if (claim.previously() != HandledCommands.Previously.INTERRUPTED) {
            return;
        }
        LOG.infof(
                "Command %s of release %s was in progress when this worker last stopped; resuming it",
                command.commandId(), command.releaseId());
        carryOut(command, handler, false, claim.progress());
    }

    private void carryOut(
            Command command, CommandHandler handler, boolean firstStart, Map<String, String> earlierProgress) {
        try {
            Instant now = clock.instant();
            if (firstStart && command.expiredAt(now)) {
                LOG.infof(
                        "Refusing %s %s of release %s: expired at %s, read at %s",
                        command.body().getClass().getSimpleName(),
                        command.commandId(),
                        command.releaseId(),
                        command.notAfter(),
                        now);
                report(command, new CommandRefused("expired at " + command.notAfter() + "; read at " + now));
                return;
            }
            Map<String, String> progress = new ConcurrentHashMap<>(earlierProgress);
            handled.inProgress(command, progress);
            LOG.infof(
                    "Carrying out %s %s of release %s",
                    command.body().getClass().getSimpleName(), command.commandId(), command.releaseId());
            handler.carryOut(command, new StepReporter() {
                @Override
                public void report(EventBody body) {
                    CommandIntake.this.report(command, body);
                }

                @Override
                public void checkpoint(String part, String yielded) {
                    progress.put(part, yielded);
                    handled.inProgress(command, progress);
                }

                @Override
                public Optional<String> checkpointed(String part) {
                    return Optional.ofNullable(progress.get(part));
                }
            });
        } catch (RuntimeException e) {
            handled.abandoned(command.commandId());
            throw e;
        }
    }

    /** A concluding event is recorded before it is published, so a redelivery can publish it again unchanged. */
    private void report(Command command, EventBody body) {
        Event event = Event.answering(command, source, clock.instant(), body);
        if (body.concludes()) {
            handled.concluded(event);
        }
        publisher.publish(event);
    }

    private static Command read(ConsumerRecord<String, String> record) {
        String payload = record.value();
        if (payload == null || payload.isBlank()) {
            throw rejected(record, "the record is empty");
        }
        JsonNode tree;
        try {
            tree = RunwayJson.wire().readTree(payload);
        } catch (JsonProcessingException e) {
            throw rejected(record, "it is not JSON (" + where(e) + ")");
        }
        // Read before the body, so that a newer command type is named as a newer version, not as garbage.
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw rejected(record, "it has no integer schemaVersion");
        }
        if (version.intValue() != Command.SCHEMA_VERSION) {
            throw rejected(
                    record,
                    "schema version " + version.intValue() + " is not supported; this worker reads version "
                            + Command.SCHEMA_VERSION);
        }
        try {
            return RunwayJson.wire().treeToValue(tree, Command.class);
        } catch (JsonProcessingException e) {
            throw rejected(record, "it is not a version " + Command.SCHEMA_VERSION + " command (" + where(e) + ")");
        }
    }

    private static RejectedCommand rejected(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf(
                "Parking record %s-%d@%d on %s: %s",
                record.topic(), record.partition(), record.offset(), Topics.deadLetter(record.topic()), reason);
        return new RejectedCommand(reason);
    }

    /** Where reading stopped and what kind of error it was; never the message, which may quote the payload. */
    private static String where(JsonProcessingException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return kind + " at "
                    + mapping.getPath().stream()
                            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining("."));
        }
        JsonLocation at = e.getLocation();
        return at == null ? kind : kind + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
