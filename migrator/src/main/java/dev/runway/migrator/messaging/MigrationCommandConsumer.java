package dev.runway.migrator.messaging;

import dev.runway.migrator.MigrationCommandHandler;
import dev.runway.model.Topics;
import dev.runway.worker.CommandLanes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

@ApplicationScoped
public class MigrationCommandConsumer {

    private final CommandLanes lanes;
    private final MigrationCommandHandler handler;

    public MigrationCommandConsumer(CommandLanes lanes, MigrationCommandHandler handler) {
        this.lanes = lanes;
        this.handler = handler;
    }

    /** The commands a restart interrupted are resumed here: their offsets may be committed, so none is redelivered. */
    void resumeInterrupted(@Observes StartupEvent start) {
        lanes.resume(Topics.MIGRATION_COMMANDS, handler);
    }

    @Incoming(Topics.MIGRATION_COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> on(Message<String> message) {
        return lanes.accept(message, handler);
    }
}
