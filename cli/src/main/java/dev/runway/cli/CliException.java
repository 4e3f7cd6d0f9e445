package dev.runway.cli;

/** Ends a command with a message for the person and the exit code that says what kind of failure it was. */
public final class CliException extends RuntimeException {

    private final int exitCode;
    private final int httpStatus;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        this(exitCode, 0, message, cause);
    }

    CliException(int exitCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The coordinator's HTTP status when it answered with an error; 0 otherwise. */
    public int httpStatus() {
        return httpStatus;
    }

    static CliException notSignedIn(String why) {
        return new CliException(ExitCodes.NOT_SIGNED_IN, 401, why, null);
    }
}
