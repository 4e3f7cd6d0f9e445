package dev.runway.notifier.messaging;

import dev.runway.model.Topics;
import dev.runway.notifier.Notifier;
import dev.runway.worker.CommandIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class NotificationCommandConsumer {

    private final CommandIntake intake;
    private final Notifier notifier;

    public NotificationCommandConsumer(CommandIntake intake, Notifier notifier) {
        this.intake = intake;
        this.notifier = notifier;
    }

    @Incoming(Topics.NOTIFICATION_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, notifier);
    }
}
