package dev.runway.migrator;

/** What rolling a database back to a restore point came to. */
public sealed interface RollbackOutcome {

    /** The database is at the restore point; {@code undone} migrations were rolled back now. */
    record RolledBack(String versionBefore, String versionAfter, int undone) implements RollbackOutcome {}

    /** The restore point was never marked, so this release changed nothing to undo. */
    record NoRestorePoint(String version) implements RollbackOutcome {}

    /** @param reason already free of secrets */
    record Failed(String reason) implements RollbackOutcome {}
}
