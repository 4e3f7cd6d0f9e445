package dev.runway.coordinator.phase;

import dev.runway.model.Topics;
import dev.runway.model.event.Event;
import java.util.Optional;

/**
 * Whether an event may be acted on given who sent it: only a Runway worker may report, and only the worker that
 * carries out the command the event answers. Anyone who can write to the events topic could otherwise complete a
 * migration or call off a rollback in a worker's name.
 */
public final class EventSender {

    /** Why an event was refused; {@link #tag()} is the metric's {@code reason} tag. */
    public enum Reason {
        /** The source names none of the workers (missing, misspelt or someone else). */
        UNKNOWN_SOURCE("unknown-source"),
        /** A worker answered a command that another worker carries out. */
        WRONG_WORKER("wrong-worker");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /**
     * A refused event, as logged and put in the dead-letter record's reason header.
     *
     * @param explanation names the event, release and command, and the expected worker; never the event's body, and
     *     never a source that is not a worker's name, since both are the sender's words
     */
    public record Refusal(Reason reason, String explanation) {}

    private EventSender() {}

    /**
     * Why {@code event} may not be acted on, if it may not.
     *
     * @param state the release the event names, or null when the coordinator does not know it; an event answering a
     *     command the release does not await is left to the state machine, which ignores it as stale
     */
    public static Optional<Refusal> refusal(ReleaseState state, Event event) {
        Optional<Worker> sender = Worker.named(event.source());
        if (sender.isEmpty()) {
            return Optional.of(new Refusal(
                    Reason.UNKNOWN_SOURCE,
                    "event " + event.eventId() + " for release " + event.releaseId()
                            + " does not come from a Runway worker"));
        }
        Optional<Worker> expected = expectedFor(state, event);
        if (expected.isPresent() && expected.get() != sender.get()) {
            return Optional.of(new Refusal(
                    Reason.WRONG_WORKER,
                    "event " + event.eventId() + " for release " + event.releaseId() + " answers command "
                            + event.commandId() + ", which the "
                            + expected.get().id() + " carries out, but comes from the "
                            + sender.get().id()));
        }
        return Optional.empty();
    }

    private static Optional<Worker> expectedFor(ReleaseState state, Event event) {
        if (state == null) {
            return Optional.empty();
        }
        PendingCommand pending = state.pending();
        if (pending != null && pending.commandId().equals(event.commandId())) {
            return Optional.of(pending.worker());
        }
        Guard guard = state.guard();
        if (guard != null && guard.commandId().equals(event.commandId())) {
            return Optional.of(Worker.consuming(Topics.VALIDATION_COMMANDS));
        }
        return Optional.empty();
    }
}
