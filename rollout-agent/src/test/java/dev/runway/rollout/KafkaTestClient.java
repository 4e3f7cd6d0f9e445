package dev.runway.rollout;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends commands as the coordinator would and reads what lands on a topic, as plain Kafka clients. */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> events;
    private final List<Event> seen = new ArrayList<>();

    public KafkaTestClient() {
        String bootstrap = KafkaBrokerResource.broker().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        events = consumer(Topics.EVENTS);
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    public void send(Command command) {
        try {
            send(command.topic(), command.releaseId().toString(), RunwayJson.wire().writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event answering {@code commandId} read so far. */
    public synchronized List<Event> eventsFor(UUID commandId) {
        for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
            try {
                seen.add(RunwayJson.wire().readValue(record.value(), Event.class));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seen.stream().filter(e -> e.commandId().equals(commandId)).toList();
    }

    /** Waits for the event that concludes {@code commandId} and returns all of the command's events. */
    public List<Event> awaitConclusion(UUID commandId, Duration atMost) {
        return await().atMost(atMost).until(() -> eventsFor(commandId), list -> list.stream().anyMatch(e -> e.body().concludes()));
    }

    /** Waits until {@code topic} holds a record with {@code value}. */
    public void awaitRecord(String topic, String value, Duration atMost) {
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            List<String> values = new ArrayList<>();
            await().atMost(atMost).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.contains(value);
            });
        }
    }

    @Override
    public void close() {
        producer.close();
        events.close();
    }
}
