package dev.runway.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer with a {@code group.instance.id}, configured as Runway's channels are. Run as its own JVM ({@link #main})
 * so that a test can kill it with SIGKILL, as a crashed worker dies: no close, no last heartbeat.
 */
public final class StaticMember {

    /** Every Runway channel's {@code session.timeout.ms}. */
    static final int SESSION_TIMEOUT_MS = 15_000;

    static final String ASSIGNED = "ASSIGNED ";

    private StaticMember() {}

    /** Arguments: bootstrap servers, group id, instance id, topic. Prints a line each time partitions arrive. */
    public static void main(String[] args) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config(args[0], args[1], args[2]))) {
            consumer.subscribe(List.of(args[3]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println(ASSIGNED + partitions.size());
                    System.out.flush();
                }
            });
            while (true) {
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    static Map<String, Object> config(String bootstrapServers, String group, String instanceId) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                instanceId,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                SESSION_TIMEOUT_MS,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
    }
}
