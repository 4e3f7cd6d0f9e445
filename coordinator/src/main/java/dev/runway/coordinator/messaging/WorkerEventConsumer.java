package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.event.Event;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds every worker's events into the releases. An unreadable event fails and goes to the dead-letter topic. */
@ApplicationScoped
public class WorkerEventConsumer {

    @Inject
    ReleaseService releases;

    @Incoming(Topics.EVENTS)
    public Uni<Void> onEvent(String payload) {
        Event event;
        try {
            event = RunwayJson.wire().readValue(payload, Event.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom()
                    .failure(new UnreadableMessageException("unreadable event: " + e.getOriginalMessage(), e));
        }
        return releases.onEvent(event);
    }
}
