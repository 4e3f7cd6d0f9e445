package dev.runway.migrator.backup;

/** The backup could not be taken or proven; the reason names what failed and carries no secret. */
public class BackupFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackupFailed(String reason) {
        super(reason);
    }

    public BackupFailed(String reason, Throwable cause) {
        super(reason, cause);
    }
}
