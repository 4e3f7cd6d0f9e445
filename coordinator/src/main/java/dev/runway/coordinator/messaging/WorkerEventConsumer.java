package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.coordinator.phase.EventSender;
import dev.runway.coordinator.release.ReleaseMetrics;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.event.Event;
import io.micrometer.core.annotation.Timed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds every worker's events into the releases. An unreadable event, or one refused for its sender, fails and goes to
 * the dead-letter topic.
 */
@ApplicationScoped
public class WorkerEventConsumer {

    private static final Logger LOG = Logger.getLogger(WorkerEventConsumer.class);

    @Inject
    ReleaseService releases;

    @Inject
    ReleaseMetrics metrics;

    @Incoming(Topics.EVENTS)
    @Timed(
            value = "runway.events.handled",
            histogram = true,
            percentiles = {0.5, 0.99})
    public Uni<Void> onEvent(String payload) {
        Event event;
        try {
            event = RunwayJson.wire().readValue(payload, Event.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom()
                    .failure(new UnreadableMessageException("unreadable event: " + e.getOriginalMessage(), e));
        }
        return releases.onEvent(event).onFailure(RefusedEventException.class).invoke(e -> {
            EventSender.Refusal refusal = ((RefusedEventException) e).refusal();
            LOG.warnf("event refused, sent to %s: %s", Topics.deadLetter(Topics.EVENTS), refusal.explanation());
            metrics.eventRefused(refusal.reason().tag());
        });
    }
}
