package dev.runway.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.event.Event;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Keyed by release id, so one release's events stay in order on one partition. */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);

    private final MutinyEmitter<String> emitter;

    public KafkaEventPublisher(@Channel(Topics.EVENTS) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(Event event) {
        LOG.debugf("Release %s, command %s: %s", event.releaseId(), event.commandId(), event.body());
        String json;
        try {
            json = RunwayJson.wire().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // Waiting for the broker's ack keeps started, progress and conclusion in order.
        emitter.sendMessageAndAwait(KafkaRecord.of(event.releaseId().toString(), json));
    }
}
