package dev.runway.coordinator.messaging;

/** A message that does not parse as the contract says; it goes to the dead-letter topic. */
public class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
