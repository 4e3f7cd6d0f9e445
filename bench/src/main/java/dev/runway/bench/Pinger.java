package dev.runway.bench;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The raw Kafka produce-to-consume round trip on the bench's broker, one ping at a time. */
final class Pinger implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String TOPIC = "bench-ping";

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    Pinger(String bootstrap) {
        producer = Kafka.producer(bootstrap);
        consumer = Kafka.consumer(bootstrap, List.of(TOPIC));
        Kafka.awaitAssignment(consumer, 1);
    }

    static String topic() {
        return TOPIC;
    }

    /** Nanoseconds from send to the consumer seeing the ping, or null when it is not seen within the deadline. */
    Long ping() {
        String id = UUID.randomUUID().toString();
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        try {
            producer.send(new ProducerRecord<>(TOPIC, id, id)).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            // a ping the consumer never sees is lost, never waited for past its deadline
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : Kafka.poll(consumer, Duration.ofMillis(5))) {
                    if (r.key().equals(id)) {
                        return System.nanoTime() - start;
                    }
                }
            }
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
