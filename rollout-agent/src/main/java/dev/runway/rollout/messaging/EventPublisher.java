package dev.runway.rollout.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.rollout.StepReporter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Publishes events keyed by release id, one at a time, so a release's events stay in order. */
@ApplicationScoped
public class EventPublisher {

    static final String SOURCE = "rollout-agent";
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final MutinyEmitter<String> events;
    private final Clock clock;

    public EventPublisher(@Channel(Topics.EVENTS) MutinyEmitter<String> events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** A reporter that answers {@code command}. */
    public StepReporter answering(Command command) {
        return body -> publish(Event.answering(command, SOURCE, clock.instant(), body));
    }

    private void publish(Event event) {
        LOG.debugf("Release %s, command %s: %s", event.releaseId(), event.commandId(), event.body());
        String json;
        try {
            json = RunwayJson.wire().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // Waiting for the broker's ack keeps started, progress and conclusion in order.
        events.sendMessageAndAwait(KafkaRecord.of(event.releaseId().toString(), json));
    }
}
