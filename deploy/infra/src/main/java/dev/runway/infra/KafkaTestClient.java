package dev.runway.infra;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for a service's tests, as the other side of the contract would use them: no
 * Quarkus in between. Every read starts a fresh consumer group at the earliest offset and waits
 * until what it has read satisfies a condition, so a test never depends on when it subscribed.
 */
public final class KafkaTestClient {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A client of the broker that {@link KafkaBrokerResource} gives the tests of this JVM. */
    public static KafkaTestClient onTestBroker() {
        return new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
    }

    /** Sends a command to its worker's topic, keyed by its release id. */
    public void send(Command command) {
        try {
            sendRaw(
                    command.topic(),
                    command.releaseId().toString(),
                    RunwayJson.wire().writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendRaw(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Waits until the events of {@code releaseId} satisfy {@code until}, and returns them in order. */
    public List<Event> events(UUID releaseId, Predicate<List<Event>> until) {
        List<Event> events = new ArrayList<>();
        records(
                Topics.EVENTS,
                record -> releaseId.toString().equals(record.key()),
                records -> {
                    events.clear();
                    records.forEach(r -> events.add(event(r.value())));
                    return until.test(events);
                },
                DEFAULT_WAIT);
        return events;
    }

    /** Waits for the event that concludes {@code command} and returns every event answering it, in order. */
    public List<Event> answering(Command command, Duration atMost) {
        List<Event> answers = new ArrayList<>();
        records(
                Topics.EVENTS,
                record -> command.releaseId().toString().equals(record.key()),
                records -> {
                    answers.clear();
                    records.stream()
                            .map(r -> event(r.value()))
                            .filter(e -> e.commandId().equals(command.commandId()))
                            .forEach(answers::add);
                    return answers.stream().anyMatch(e -> e.body().concludes());
                },
                atMost);
        return answers;
    }

    /** Every value on {@code topic} read so far, once they satisfy {@code until}. */
    public List<String> rawValues(String topic, Predicate<List<String>> until) {
        return values(records(topic, record -> true, records -> until.test(values(records)), DEFAULT_WAIT));
    }

    /** The values of the records with {@code key} on {@code topic}, once they satisfy {@code until}. */
    public List<String> rawValues(String topic, String key, Predicate<List<String>> until) {
        return values(records(
                topic, record -> key.equals(record.key()), records -> until.test(values(records)), DEFAULT_WAIT));
    }

    /** The records of {@code topic} that {@code filter} accepts, once they satisfy {@code until}; headers included. */
    public List<ConsumerRecord<String, String>> records(
            String topic,
            Predicate<ConsumerRecord<String, String>> filter,
            Predicate<List<ConsumerRecord<String, String>>> until,
            Duration atMost) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            await().atMost(atMost).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        seen.add(record);
                    }
                }
                return until.test(seen);
            });
        }
        return seen;
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Predicate<List<Event>> concludedTimes(int n) {
        return events -> events.stream().filter(e -> e.body().concludes()).count() >= n;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static Event event(String json) {
        try {
            return RunwayJson.wire().readValue(json, Event.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
