package dev.runway.coordinator.messaging;

import dev.runway.coordinator.phase.EventSender;

/**
 * An event that is well formed but not from the worker it should come from; like an unreadable message it goes to the
 * dead-letter topic, where its message is the reason header.
 */
public class RefusedEventException extends RuntimeException {

    private final transient EventSender.Refusal refusal;

    public RefusedEventException(EventSender.Refusal refusal) {
        super(refusal.reason().tag() + ": " + refusal.explanation(), null, false, false);
        this.refusal = refusal;
    }

    public EventSender.Refusal refusal() {
        return refusal;
    }
}
