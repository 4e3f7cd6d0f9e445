package dev.runway.validator.messaging;

import dev.runway.model.Topics;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.worker.CommandIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ValidationCommandConsumer {

    private final CommandIntake intake;
    private final ValidationCommandHandler handler;

    public ValidationCommandConsumer(CommandIntake intake, ValidationCommandHandler handler) {
        this.intake = intake;
        this.handler = handler;
    }

    @Incoming(Topics.VALIDATION_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, handler);
    }
}
