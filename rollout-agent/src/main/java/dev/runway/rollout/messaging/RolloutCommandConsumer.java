package dev.runway.rollout.messaging;

import dev.runway.model.Topics;
import dev.runway.rollout.RolloutAgent;
import dev.runway.worker.CommandLanes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

@ApplicationScoped
public class RolloutCommandConsumer {

    private final CommandLanes lanes;
    private final RolloutAgent agent;

    public RolloutCommandConsumer(CommandLanes lanes, RolloutAgent agent) {
        this.lanes = lanes;
        this.agent = agent;
    }

    /** The commands a restart interrupted are resumed here: their offsets may be committed, so none is redelivered. */
    void resumeInterrupted(@Observes StartupEvent start) {
        lanes.resume(Topics.ROLLOUT_COMMANDS, agent);
    }

    @Incoming(Topics.ROLLOUT_COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> on(Message<String> message) {
        return lanes.accept(message, agent);
    }
}
