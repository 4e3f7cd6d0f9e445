package dev.runway.rollout.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.rollout.CompletedCommands;
import dev.runway.rollout.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * What both consumers do around their handler: parse (an unreadable payload throws, so the
 * connector parks it on the dead-letter topic), skip a command already carried out, remember it
 * once it has concluded.
 */
@ApplicationScoped
public class CommandIntake {

    private static final Logger LOG = Logger.getLogger(CommandIntake.class);

    private final CompletedCommands completed;
    private final EventPublisher publisher;

    public CommandIntake(CompletedCommands completed, EventPublisher publisher) {
        this.completed = completed;
        this.publisher = publisher;
    }

    public void accept(String payload, BiConsumer<Command, StepReporter> handler) throws JsonProcessingException {
        Command command = RunwayJson.wire().readValue(payload, Command.class);
        if (completed.contains(command.commandId())) {
            LOG.infof(
                    "Command %s of release %s was already carried out; ignoring the redelivery",
                    command.commandId(), command.releaseId());
            return;
        }
        LOG.infof(
                "Carrying out %s %s of release %s",
                command.body().getClass().getSimpleName(), command.commandId(), command.releaseId());
        handler.accept(command, publisher.answering(command));
        completed.add(command.commandId());
    }
}
