package dev.runway.migrator.messaging;

import dev.runway.migrator.MigrationCommandHandler;
import dev.runway.model.Topics;
import dev.runway.worker.CommandIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class MigrationCommandConsumer {

    private final CommandIntake intake;
    private final MigrationCommandHandler handler;

    public MigrationCommandConsumer(CommandIntake intake, MigrationCommandHandler handler) {
        this.intake = intake;
        this.handler = handler;
    }

    @Incoming(Topics.MIGRATION_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, handler);
    }
}
