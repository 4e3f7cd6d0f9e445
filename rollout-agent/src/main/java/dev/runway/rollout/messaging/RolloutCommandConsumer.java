package dev.runway.rollout.messaging;

import dev.runway.model.Topics;
import dev.runway.rollout.RolloutAgent;
import dev.runway.worker.CommandIntake;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class RolloutCommandConsumer {

    private final CommandIntake intake;
    private final RolloutAgent agent;

    public RolloutCommandConsumer(CommandIntake intake, RolloutAgent agent) {
        this.intake = intake;
        this.agent = agent;
    }

    @Incoming(Topics.ROLLOUT_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, agent);
    }
}
