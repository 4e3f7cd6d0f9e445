package dev.runway.notifier.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.notifier.Notifier;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads announce commands. A message that is not a command is thrown back (nacked) so the
 * connector parks it on the dead-letter topic and reads on.
 */
@ApplicationScoped
public class NotificationCommandConsumer {

    private final Notifier notifier;

    public NotificationCommandConsumer(Notifier notifier) {
        this.notifier = notifier;
    }

    @Incoming(Topics.NOTIFICATION_COMMANDS)
    @Blocking
    public void on(String payload) throws JsonProcessingException {
        Command command = payload == null ? null : RunwayJson.wire().readValue(payload, Command.class);
        if (command == null) {
            throw new IllegalArgumentException("empty message on " + Topics.NOTIFICATION_COMMANDS);
        }
        notifier.handle(command);
    }
}
