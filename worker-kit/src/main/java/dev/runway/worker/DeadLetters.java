package dev.runway.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the records parked on a dead-letter topic, as {@code runway_dead_letters_total{topic,reason}}. The reason tag
 * is the kind of rejection, never its text: the text names lines, columns and versions, which would make a series per
 * record.
 */
@ApplicationScoped
public class DeadLetters {

    private final MeterRegistry registry;

    public DeadLetters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void parked(String topic, RejectedCommand rejected) {
        Counter.builder("runway.dead.letters")
                .description("Records parked on <topic>-dlq because they are not commands this worker can read")
                .tag("topic", topic)
                .tag("reason", reason(rejected))
                .register(registry)
                .increment();
    }

    /** The kind of a rejection, from the reasons {@link CommandIntake} gives. */
    static String reason(RejectedCommand rejected) {
        String message = String.valueOf(rejected.getMessage());
        if (message.startsWith("the record is empty")) {
            return "empty";
        }
        if (message.startsWith("it is not JSON")) {
            return "not-json";
        }
        if (message.startsWith("it has no integer schemaVersion")) {
            return "no-schema-version";
        }
        if (message.startsWith("schema version ")) {
            return "unsupported-schema-version";
        }
        if (message.startsWith("it is not a version ")) {
            return "not-a-command";
        }
        return "unreadable";
    }
}
