package dev.runway.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The command ids this process has taken on, so that a redelivered command has no second effect.
 * Bounded and in memory: the least recently seen id is forgotten first, because Kafka redelivers
 * recent records; after a restart, or once an id has been pushed out, a redelivery is carried out
 * again, which is why handlers keep their side effects safe to repeat wherever the target allows.
 */
public final class RememberedCommands {

    /** What this process knew of a command id when it was delivered. */
    public enum Seen {
        /** First delivery: the id is now remembered as in progress. */
        NEVER,
        /** A handler is carrying it out right now. */
        IN_PROGRESS,
        /** Its handler returned after publishing the concluding event. */
        CONCLUDED
    }

    private final Map<UUID, Seen> ids;

    public RememberedCommands(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Seen> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Says what was known of {@code commandId}; when nothing was, remembers it as in progress. */
    public synchronized Seen begin(UUID commandId) {
        Seen seen = ids.getOrDefault(commandId, Seen.NEVER);
        if (seen == Seen.NEVER) {
            ids.put(commandId, Seen.IN_PROGRESS);
        }
        return seen;
    }

    public synchronized void concluded(UUID commandId) {
        ids.put(commandId, Seen.CONCLUDED);
    }

    /** Forgets a command that could not be answered, so that a redelivery tries it again. */
    public synchronized void abandoned(UUID commandId) {
        ids.remove(commandId);
    }
}
