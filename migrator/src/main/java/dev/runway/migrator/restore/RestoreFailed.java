package dev.runway.migrator.restore;

/** A rollback by restore that could not be carried out; the message is free of secrets and of row values. */
public class RestoreFailed extends RuntimeException {

    public RestoreFailed(String message) {
        super(message);
    }

    public RestoreFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
