package dev.runway.migrator.rehearsal;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.postgres.ClientConnection;
import dev.runway.migrator.postgres.ClientProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_restore --no-owner --no-privileges --exit-on-error} of a backup into a scratch database: its objects
 * belong to the migrator's role there, and the first error fails the rehearsal rather than leaving a partial copy. The
 * password reaches pg_restore as {@code PGPASSWORD} in the child's environment only.
 */
class PgRestore {

    private static final int MAX_REASON = 400;

    private final String pgRestore;
    private final Duration timeout;
    private final Redactor redactor;

    PgRestore(String pgRestore, Duration timeout, Redactor redactor) {
        this.pgRestore = pgRestore;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    void restore(Path dump, TargetDatabase scratch) {
        ClientConnection connection = ClientConnection.of(scratch.jdbcUrl())
                .orElseThrow(() -> new RehearsalFailed("pg_restore cannot connect to " + scratch.name()
                        + ": its JDBC URL is not jdbc:postgresql://host[:port]/database"));
        List<String> command = new ArrayList<>(List.of(pgRestore, "--no-owner", "--no-privileges", "--exit-on-error"));
        command.addAll(connection.arguments(scratch.username()));
        command.add(dump.toString());
        String what = "pg_restore into scratch database " + scratch.name();
        ClientProcess.Result result = ClientProcess.run(
                command, connection.environment(scratch.password(), "runway-migrator-rehearsal"), null, timeout);
        switch (result.ending()) {
            case FINISHED -> {
                if (result.exitCode() != 0) {
                    throw new RehearsalFailed(what + " exited with " + result.exitCode() + ": "
                            + ClientProcess.lines(redactor.redact(result.stderr()), MAX_REASON));
                }
            }
            case TIMED_OUT ->
                throw new RehearsalFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.rehearsal.restore-timeout)");
            case NOT_STARTED -> throw new RehearsalFailed(what + " could not be run (" + result.error() + ")");
            case INTERRUPTED -> throw new RehearsalFailed(what + " was interrupted");
        }
    }
}
