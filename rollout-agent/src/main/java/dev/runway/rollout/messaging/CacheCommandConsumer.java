package dev.runway.rollout.messaging;

import dev.runway.model.Topics;
import dev.runway.rollout.cache.CacheInvalidation;
import dev.runway.worker.CommandLanes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** On its own channel so that clearing caches never waits behind a long rollout. */
@ApplicationScoped
public class CacheCommandConsumer {

    private final CommandLanes lanes;
    private final CacheInvalidation invalidation;

    public CacheCommandConsumer(CommandLanes lanes, CacheInvalidation invalidation) {
        this.lanes = lanes;
        this.invalidation = invalidation;
    }

    /** The commands a restart interrupted are resumed here: their offsets may be committed, so none is redelivered. */
    void resumeInterrupted(@Observes StartupEvent start) {
        lanes.resume(Topics.CACHE_COMMANDS, invalidation);
    }

    @Incoming(Topics.CACHE_COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> on(Message<String> message) {
        return lanes.accept(message, invalidation);
    }
}
