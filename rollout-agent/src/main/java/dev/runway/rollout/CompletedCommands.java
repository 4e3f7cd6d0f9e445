package dev.runway.rollout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The command ids this process has finished, so that a redelivered command does nothing twice.
 * Bounded: Kafka redelivers recent records, and the oldest ids are the least likely to come back.
 */
public final class CompletedCommands {

    private final Set<UUID> ids;

    public CompletedCommands(int capacity) {
        this.ids = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    public boolean contains(UUID commandId) {
        return ids.contains(commandId);
    }

    public void add(UUID commandId) {
        ids.add(commandId);
    }
}
