package dev.runway.stack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the stack's topics hold, read as an auditor would: from the start, in a group of its own. */
final class TopicRecords {

    private TopicRecords() {}

    /** Everything on the topics so far: polls until a poll brings nothing new. */
    static List<ConsumerRecord<String, String>> all(LocalStack stack, String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topics));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                int before = seen.size();
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return !seen.isEmpty() && seen.size() == before;
            });
        }
        return seen;
    }
}
