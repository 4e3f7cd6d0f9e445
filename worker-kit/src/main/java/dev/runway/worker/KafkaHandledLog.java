package dev.runway.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The handled-commands log on a compacted Kafka topic keyed by command id, so the broker keeps each command's latest
 * record: its conclusion once there is one. Clients take the service's Kafka settings (SASL included); writes wait for
 * every in-sync replica.
 */
public final class KafkaHandledLog implements HandledLog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaHandledLog.class);

    private final Map<String, Object> kafka;
    private final String topic;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> reader;

    /**
     * @param kafka   the service's Kafka client settings ({@code default-kafka-broker})
     * @param timeout how long creating the topic, reading it to its end, one write or one read may take
     */
    public KafkaHandledLog(Map<String, Object> kafka, String topic, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(kafka);
        // Quarkus puts the application's consumer group here; these clients join no group.
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.kafka = Map.copyOf(settings);
        this.topic = topic;
        this.timeout = timeout;
        Map<String, Object> producerConfig = new HashMap<>(this.kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, topic + "-writer");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        this.reader = consumer("-reader");
    }

    @Override
    public void readToEnd(BiConsumer<HandledCommand, Position> each) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            ensureTopic();
            try (KafkaConsumer<String, String> loader = consumer("-loader")) {
                List<TopicPartition> partitions = loader.partitionsFor(topic, timeout).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                loader.assign(partitions);
                loader.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = loader.endOffsets(partitions, timeout);
                while (partitions.stream().anyMatch(p -> loader.position(p, timeout) < end.get(p))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new TimeoutException();
                    }
                    for (ConsumerRecord<String, String> record : loader.poll(Duration.ofMillis(200))) {
                        parse(record)
                                .ifPresent(handled ->
                                        each.accept(handled, new Position(record.partition(), record.offset())));
                    }
                }
            }
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException(
                    "The handled-commands log " + topic + " could not be read to its end within " + timeout
                            + "; no command is carried out without it",
                    e);
        }
    }

    @Override
    public Position append(HandledCommand record) {
        String json;
        try {
            json = RunwayJson.wire().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RecordMetadata written = producer.send(
                            new ProducerRecord<>(topic, record.commandId().toString(), json))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Position(written.partition(), written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "The handled-commands log " + topic + " did not take command " + record.commandId() + " ("
                            + record.state() + ")",
                    e);
        }
    }

    @Override
    public synchronized HandledCommand read(Position position) {
        TopicPartition partition = new TopicPartition(topic, position.partition());
        reader.assign(List.of(partition));
        reader.seek(partition, position.offset());
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                if (record.offset() == position.offset()) {
                    return parse(record)
                            .orElseThrow(() -> new IllegalStateException(
                                    "The handled-commands log " + topic + " has no readable record at " + position));
                }
            }
        }
        throw new IllegalStateException("The handled-commands log " + topic + " did not return its record at "
                + position + " within " + timeout);
    }

    @Override
    public void close() {
        producer.close(timeout);
        synchronized (this) {
            reader.close(timeout);
        }
    }

    private void ensureTopic() throws TimeoutException {
        Admin admin = Admin.create(kafka);
        try {
            try {
                TopicDescription described = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic);
                LOG.debugf(
                        "Handled-commands log %s has %d partitions",
                        topic, described.partitions().size());
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "Could not look up the handled-commands log " + topic, e.getCause());
                }
            }
            // One partition: the log is read whole at start, and order between commands does not matter.
            NewTopic wanted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(wanted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("Created the handled-commands log %s (compacted)", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create the handled-commands log " + topic, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + topic, e);
        } finally {
            admin.close(timeout);
        }
    }

    private KafkaConsumer<String, String> consumer(String suffix) {
        Map<String, Object> config = new HashMap<>(kafka);
        // Assigned partitions, no group: nothing is committed, every start reads from the beginning.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, topic + suffix);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** A record that cannot be read is skipped and named by where it lies, never by its content. */
    private Optional<HandledCommand> parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunwayJson.wire().readValue(record.value(), HandledCommand.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf(
                    "Skipping unreadable record %s-%d@%d of the handled-commands log (%s)",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
