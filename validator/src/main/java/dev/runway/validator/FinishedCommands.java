package dev.runway.validator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ids of the last commands this instance concluded, so a redelivered command does not publish
 * a second verdict. Bounded: the oldest id is forgotten first. Checks only read, so forgetting one
 * costs at most a repeated, harmless measurement.
 */
public final class FinishedCommands {

    private final Map<UUID, Boolean> ids;

    public FinishedCommands(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean contains(UUID commandId) {
        return ids.containsKey(commandId);
    }

    public synchronized void add(UUID commandId) {
        ids.put(commandId, Boolean.TRUE);
    }
}
