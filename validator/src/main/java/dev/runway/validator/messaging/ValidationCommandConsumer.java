package dev.runway.validator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.validator.ValidationCommandHandler;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ValidationCommandConsumer {

    private final ValidationCommandHandler handler;

    public ValidationCommandConsumer(ValidationCommandHandler handler) {
        this.handler = handler;
    }

    /** An unreadable payload throws, which nacks it onto the dead-letter topic; the next one is read. */
    @Incoming(Topics.VALIDATION_COMMANDS)
    @Blocking
    public void on(String payload) throws JsonProcessingException {
        handler.handle(RunwayJson.wire().readValue(payload, Command.class));
    }
}
