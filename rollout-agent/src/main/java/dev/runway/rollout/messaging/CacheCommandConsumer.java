package dev.runway.rollout.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.Topics;
import dev.runway.rollout.cache.CacheInvalidation;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
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
    public void on(String payload) throws JsonProcessingException {
        intake.accept(payload, invalidation::carryOut);
    }
}
