package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.runway.model.Topics;
import java.util.List;
import java.util.Optional;

/** The services that carry out commands, each with the command topics it consumes. */
public enum Worker {
    MIGRATOR("migrator", Topics.MIGRATION_COMMANDS),
    ROLLOUT_AGENT("rollout-agent", Topics.ROLLOUT_COMMANDS, Topics.CACHE_COMMANDS),
    VALIDATOR("validator", Topics.VALIDATION_COMMANDS),
    NOTIFIER("notifier", Topics.NOTIFICATION_COMMANDS);

    private final String id;
    private final List<String> topics;

    Worker(String id, String... topics) {
        this.id = id;
        this.topics = List.of(topics);
    }

    /** The service's name, as in its module and in timeline notes. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The worker whose {@link #id()} is {@code id}; empty for anything else, including null. */
    public static Optional<Worker> named(String id) {
        for (Worker worker : values()) {
            if (worker.id.equals(id)) {
                return Optional.of(worker);
            }
        }
        return Optional.empty();
    }

    /**
     * @throws IllegalArgumentException when no worker consumes {@code topic}: a command sent there would wait for an
     *     answer that never comes
     */
    public static Worker consuming(String topic) {
        for (Worker worker : values()) {
            if (worker.topics.contains(topic)) {
                return worker;
            }
        }
        throw new IllegalArgumentException("no worker consumes topic " + topic);
    }
}
