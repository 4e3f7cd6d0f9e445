package dev.runway.notifier.messaging;

import dev.runway.model.Topics;
import dev.runway.notifier.Notifier;
import dev.runway.worker.CommandLanes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

@ApplicationScoped
public class NotificationCommandConsumer {

    private final CommandLanes lanes;
    private final Notifier notifier;

    public NotificationCommandConsumer(CommandLanes lanes, Notifier notifier) {
        this.lanes = lanes;
        this.notifier = notifier;
    }

    /** The commands a restart interrupted are resumed here: their offsets may be committed, so none is redelivered. */
    void resumeInterrupted(@Observes StartupEvent start) {
        lanes.resume(Topics.NOTIFICATION_COMMANDS, notifier);
    }

    @Incoming(Topics.NOTIFICATION_COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> on(Message<String> message) {
        return lanes.accept(message, notifier);
    }
}
