package dev.runway.migrator.restore;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.postgres.ClientConnection;
import dev.runway.migrator.postgres.ClientProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores a verified dump in place, in one transaction (decision record 0010): {@code pg_restore --clean --if-exists}
 * writes the dump as SQL, and {@code psql --single-transaction} runs it after dropping every relation the migrator's
 * role owns, so tables the release created go too and the schema is the dump's. Any error rolls the whole transaction
 * back: the database is as it was before the restore began.
 *
 * <p>psql reports errors by SQLSTATE only ({@code VERBOSITY sqlstate}): the server's words may quote row values. The
 * password reaches pg_restore and psql as {@code PGPASSWORD} in the child's environment only.
 */
public class DumpRestore {

    private static final Pattern SQLSTATE = Pattern.compile("ERROR:\\s+([0-9A-Z]{5})\\b");
    private static final int MAX_REASON = 300;

    /**
     * Runs first in the restore's transaction: the relations the role owns outside the system schemas, dropped with
     * what depends on them, so that what remains to create is exactly the dump. Tables go before sequences: an identity
     * column's sequence can only be dropped with its table.
     */
    static final String DROP_OWNED_RELATIONS = """
            DO $runway$
            DECLARE r record;
            BEGIN
              FOR r IN
                SELECT n.nspname, c.relname,
                       CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                      WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                   AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                   AND NOT c.relispartition
                 ORDER BY c.relkind = 'S'
              LOOP
                EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE', r.kind, r.nspname, r.relname);
              END LOOP;
            END
            $runway$;
            """;

    private final String pgRestore;
    private final String psql;
    private final Duration timeout;
    private final Redactor redactor;

    public DumpRestore(String pgRestore, String psql, Duration timeout, Redactor redactor) {
        this.pgRestore = pgRestore;
        this.psql = psql;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    /** @return how long pg_restore and psql took together */
    public Duration restore(TargetDatabase database, Path dump) {
        long began = System.nanoTime();
        ClientConnection connection = ClientConnection.of(database.jdbcUrl())
                .orElseThrow(() -> new RestoreFailed("psql cannot connect to database " + database.name()
                        + ": its JDBC URL is not jdbc:postgresql://host[:port]/database"));
        Path script = dump.resolveSibling(dump.getFileName() + ".sql");
        Path prelude = dump.resolveSibling(dump.getFileName() + ".prelude.sql");
        try {
            run(
                    "pg_restore of the backup of " + database.name(),
                    List.of(pgRestore, "--clean", "--if-exists", "--file=" + script, dump.toString()),
                    Map.of(),
                    false);
            Files.writeString(prelude, DROP_OWNED_RELATIONS, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(
                    psql,
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set=ON_ERROR_STOP=1",
                    "--set=VERBOSITY=sqlstate"));
            command.addAll(connection.arguments(database.username()));
            command.add("--file=" + prelude);
            command.add("--file=" + script);
            Map<String, String> environment =
                    new HashMap<>(connection.environment(database.password(), "runway-migrator-rollback"));
            environment.put("PGOPTIONS", "-c client_min_messages=warning");
            run("restoring the backup into " + database.name(), command, environment, true);
            return Duration.ofNanos(System.nanoTime() - began);
        } catch (IOException e) {
            throw new RestoreFailed("the restore script could not be written: " + e.getMessage(), e);
        } finally {
            ClientProcess.deleteQuietly(script);
            ClientProcess.deleteQuietly(prelude);
        }
    }

    private void run(String what, List<String> command, Map<String, String> environment, boolean sqlStatesOnly) {
        ClientProcess.Result result = ClientProcess.run(command, environment, null, timeout);
        switch (result.ending()) {
            case FINISHED -> {
                if (result.exitCode() != 0) {
                    throw new RestoreFailed(what + " failed (exit " + result.exitCode() + "): "
                            + (sqlStatesOnly
                                    ? sqlStates(result.stderr())
                                    : ClientProcess.lines(redactor.redact(result.stderr()), MAX_REASON))
                            + "; the transaction was rolled back, the database is unchanged");
                }
            }
            case TIMED_OUT ->
                throw new RestoreFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.rollback.restore-timeout); nothing was restored");
            case NOT_STARTED -> throw new RestoreFailed(what + " could not be run (" + result.error() + ")");
            case INTERRUPTED -> throw new RestoreFailed(what + " was interrupted");
        }
    }

    /** Only the SQLSTATEs psql printed, named; anything else it said may quote the dump's rows. */
    static String sqlStates(String stderr) {
        Set<String> states = new LinkedHashSet<>();
        Matcher m = SQLSTATE.matcher(stderr);
        while (m.find()) {
            states.add(DatabaseError.describe(m.group(1)));
        }
        return states.isEmpty() ? "psql named no SQLSTATE (connection or file error)" : String.join(", ", states);
    }
}
