package dev.runway.validator.messaging;

import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.guard.GuardCommandHandler;
import dev.runway.worker.CommandIntake;
import dev.runway.worker.StepReporter;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ValidationCommandConsumer {

    private final CommandIntake intake;
    private final ValidationCommandHandler checks;
    private final GuardCommandHandler guards;

    public ValidationCommandConsumer(
            CommandIntake intake, ValidationCommandHandler checks, GuardCommandHandler guards) {
        this.intake = intake;
        this.checks = checks;
        this.guards = guards;
    }

    @Incoming(Topics.VALIDATION_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, this::carryOut);
    }

    private void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof WatchGuards || command.body() instanceof StopGuards) {
            guards.carryOut(command, reporter);
        } else {
            checks.carryOut(command, reporter);
        }
    }
}
