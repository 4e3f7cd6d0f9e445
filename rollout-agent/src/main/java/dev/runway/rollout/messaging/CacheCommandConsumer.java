package dev.runway.rollout.messaging;

import dev.runway.model.Topics;
import dev.runway.rollout.cache.CacheInvalidation;
import dev.runway.worker.CommandIntake;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** On its own channel so that clearing caches never waits behind a long rollout. */
@ApplicationScoped
public class CacheCommandConsumer {

    private final CommandIntake intake;
    private final CacheInvalidation invalidation;

    public CacheCommandConsumer(CommandIntake intake, CacheInvalidation invalidation) {
        this.intake = intake;
        this.invalidation = invalidation;
    }

    @Incoming(Topics.CACHE_COMMANDS)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(record, invalidation);
    }
}
