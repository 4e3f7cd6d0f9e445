package dev.runway.worker;

import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The command ids this worker has taken on, kept in a {@link HandledLog} so that a redelivery after a restart is
 * recognised too. Every id the log holds is known in memory with its state and where its record lies; only the most
 * recently used concluding events are kept in memory, and an older one is read back from the log when its command is
 * redelivered.
 */
public final class HandledCommands {

    private static final Logger LOG = Logger.getLogger(HandledCommands.class);

    /** What was known of a command id when it was delivered. */
    public enum Previously {
        /** Never seen: it is now taken on. */
        NEVER,
        /** Taken on by an earlier run of this worker that stopped before concluding it: it is now taken on again. */
        INTERRUPTED,
        /** Taken on by this run and not concluded: its handler is running, or returned leaving events to follow. */
        TAKEN_ON,
        /** Concluded; {@link Claim#concluding()} is the event that concluded it. */
        CONCLUDED
    }

    /**
     * @param concluding the recorded concluding event when {@code previously} is CONCLUDED, otherwise null
     * @param progress   when INTERRUPTED, the parts the earlier run recorded as done; otherwise empty
     */
    public record Claim(Previously previously, Event concluding, Map<String, String> progress) {

        Claim(Previously previously, Event concluding) {
            this(previously, concluding, Map.of());
        }
    }

    private enum Known {
        INTERRUPTED,
        TAKEN_ON,
        CONCLUDED
    }

    /**
     * @param interrupted the command an earlier run took on and did not conclude, when its record kept it
     * @param progress    the parts of it that run recorded as done
     */
    private record Entry(Known known, HandledLog.Position position, Command interrupted, Map<String, String> progress) {

        Entry(Known known, HandledLog.Position position) {
            this(known, position, null, Map.of());
        }
    }

    private final HandledLog log;
    private final Map<UUID, Entry> entries = new HashMap<>();
    private final Map<UUID, Event> recentConclusions;
    private boolean loaded;

    /** @param capacity how many concluding events are kept in memory; older ones are read back from the log */
    public HandledCommands(HandledLog log, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.log = log;
        this.recentConclusions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Event> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads the log to its end; no command is claimed before. */
    public synchronized void load() {
        log.readToEnd((record, position) -> {
            switch (record.state()) {
                case IN_PROGRESS ->
                    entries.put(
                            record.commandId(),
                            new Entry(Known.INTERRUPTED, position, record.command(), record.progress()));
                case CONCLUDED -> {
                    entries.put(record.commandId(), new Entry(Known.CONCLUDED, position));
                    recentConclusions.put(record.commandId(), record.concluding());
                }
            }
        });
        long interrupted = entries.values().stream()
                .filter(entry -> entry.known() == Known.INTERRUPTED)
                .count();
        loaded = true;
        LOG.infof(
                "Handled-commands log read: %d commands concluded, %d interrupted (carried out again if redelivered)",
                entries.size() - interrupted, interrupted);
    }

    /**
     * Says what was known of {@code commandId}. When it was never seen or was interrupted, it is now taken on by
     * this run, in memory only: {@link #inProgress} records that durably.
     */
    public synchronized Claim claim(UUID commandId) {
        if (!loaded) {
            throw new IllegalStateException("the handled-commands log has not been read yet");
        }
        Entry entry = entries.get(commandId);
        if (entry == null) {
            entries.put(commandId, new Entry(Known.TAKEN_ON, null));
            return new Claim(Previously.NEVER, null);
        }
        return switch (entry.known()) {
            case INTERRUPTED -> {
                entries.put(commandId, new Entry(Known.TAKEN_ON, entry.position()));
                yield new Claim(Previously.INTERRUPTED, null, entry.progress());
            }
            case TAKEN_ON -> new Claim(Previously.TAKEN_ON, null);
            case CONCLUDED -> new Claim(Previously.CONCLUDED, concluding(commandId, entry.position()));
        };
    }

    /** Records durably that a claimed command is being carried out, with the command itself. */
    public void inProgress(Command command) {
        inProgress(command, Map.of());
    }

    /**
     * Records durably that a claimed command is being carried out, with the command itself and the parts of it done
     * so far ({@link StepReporter#checkpoint}): each checkpoint appends a record, and the latest one counts.
     */
    public void inProgress(Command command, Map<String, String> progress) {
        HandledLog.Position position = log.append(HandledCommand.inProgress(command, progress));
        synchronized (this) {
            entries.computeIfPresent(command.commandId(), (id, entry) -> new Entry(entry.known(), position));
        }
    }

    /**
     * The commands an earlier run of this worker took on and did not conclude, in the order it took them on, that are
     * still waiting to be resumed: {@link #claim} takes each on, by a resume or by a redelivery, whichever comes first.
     */
    public synchronized List<Command> interrupted() {
        return entries.values().stream()
                .filter(entry -> entry.known() == Known.INTERRUPTED && entry.interrupted() != null)
                .sorted(Comparator.comparing(Entry::position, HandledLog.Position.ORDER))
                .map(Entry::interrupted)
                .toList();
    }

    /**
     * Records durably that {@code concluding} concluded its command; call before publishing it. The first
     * conclusion is the one kept: a later concluding event of the same command (a guard watch's next breach) is
     * published without being recorded.
     *
     * @return whether this was the command's first conclusion
     */
    public synchronized boolean concluded(Event concluding) {
        UUID commandId = concluding.commandId();
        Entry entry = entries.get(commandId);
        if (entry != null && entry.known() == Known.CONCLUDED) {
            return false;
        }
        entries.put(commandId, new Entry(Known.CONCLUDED, log.append(HandledCommand.concluded(concluding))));
        recentConclusions.put(commandId, concluding);
        return true;
    }

    /**
     * Lets go of a claimed command that could not be answered, so that a redelivery tries it again. A concluded
     * command stays concluded: its recorded event is what a redelivery publishes.
     */
    public synchronized void abandoned(UUID commandId) {
        Entry entry = entries.get(commandId);
        if (entry != null && entry.known() == Known.TAKEN_ON) {
            entries.remove(commandId);
        }
    }

    private Event concluding(UUID commandId, HandledLog.Position position) {
        Event event = recentConclusions.get(commandId);
        if (event == null) {
            HandledCommand record = log.read(position);
            if (record.state() != HandledCommand.State.CONCLUDED
                    || !record.commandId().equals(commandId)) {
                throw new IllegalStateException(
                        "the handled-commands log has no conclusion of command " + commandId + " at " + position);
            }
            event = record.concluding();
            recentConclusions.put(commandId, event);
        }
        return event;
    }
}
