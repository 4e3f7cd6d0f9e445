package dev.runway.validator.messaging;

import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.guard.GuardCommandHandler;
import dev.runway.worker.CommandLanes;
import dev.runway.worker.StepReporter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

@ApplicationScoped
public class ValidationCommandConsumer {

    private final CommandLanes lanes;
    private final ValidationCommandHandler checks;
    private final GuardCommandHandler guards;

    public ValidationCommandConsumer(CommandLanes lanes, ValidationCommandHandler checks, GuardCommandHandler guards) {
        this.lanes = lanes;
        this.checks = checks;
        this.guards = guards;
    }

    /** The commands a restart interrupted are resumed here: their offsets may be committed, so none is redelivered. */
    void resumeInterrupted(@Observes StartupEvent start) {
        lanes.resume(Topics.VALIDATION_COMMANDS, this::carryOut);
    }

    @Incoming(Topics.VALIDATION_COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> on(Message<String> message) {
        return lanes.accept(message, this::carryOut);
    }

    private void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof WatchGuards || command.body() instanceof StopGuards) {
            guards.carryOut(command, reporter);
        } else {
            checks.carryOut(command, reporter);
        }
    }
}
