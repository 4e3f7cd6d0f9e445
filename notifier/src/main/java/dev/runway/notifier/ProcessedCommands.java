package dev.runway.notifier;

import dev.runway.model.event.EventBody;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The commands this process has already announced, with how each ended, so that a redelivered
 * command is answered again without posting again. Bounded and in memory: after a restart, or
 * once more than {@code capacity} later commands have pushed an id out, a redelivery posts again
 * to chat (PagerDuty still folds it into the same incident through its dedup key).
 */
public final class ProcessedCommands {

    private final Map<UUID, EventBody> conclusions;

    public ProcessedCommands(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.conclusions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, EventBody> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<EventBody> conclusionOf(UUID commandId) {
        return Optional.ofNullable(conclusions.get(commandId));
    }

    public synchronized void remember(UUID commandId, EventBody conclusion) {
        conclusions.put(commandId, conclusion);
    }
}
