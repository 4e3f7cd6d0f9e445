package dev.runway.notifier.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.notifier.EventPublisher;
import dev.runway.notifier.Notifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes to {@link Topics#EVENTS}, keyed by release id, waiting for the broker's ack so events stay in order. */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private final MutinyEmitter<String> emitter;
    private final Clock clock;

    public KafkaEventPublisher(@Channel(Topics.EVENTS) MutinyEmitter<String> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    @Override
    public void publish(Command command, EventBody body) {
        Event event = Event.answering(command, Notifier.SOURCE, clock.instant(), body);
        String json;
        try {
            json = RunwayJson.wire().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        emitter.sendMessageAndAwait(KafkaRecord.of(command.releaseId().toString(), json));
    }
}
