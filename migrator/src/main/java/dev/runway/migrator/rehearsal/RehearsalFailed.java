package dev.runway.migrator.rehearsal;

/** The rehearsal could not be carried out; the message names what failed and holds no secret. */
public class RehearsalFailed extends RuntimeException {

    public RehearsalFailed(String message) {
        super(message);
    }

    public RehearsalFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
