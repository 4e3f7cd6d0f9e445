package dev.runway.migrator.restore;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:,?]+)(?::(\\d+))?(?:,[^/]*)?/([^?]+)(?:\\?(.*))?");
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
        Matcher url = JDBC_URL.matcher(database.jdbcUrl());
        if (!url.matches()) {
            throw new RestoreFailed("psql cannot connect to database " + database.name()
                    + ": its JDBC URL is not jdbc:postgresql://host[:port]/database");
        }
        String host = url.group(1).startsWith("[")
                ? url.group(1).substring(1, url.group(1).length() - 1)
                : url.group(1);
        Path script = dump.resolveSibling(dump.getFileName() + ".sql");
        Path prelude = dump.resolveSibling(dump.getFileName() + ".prelude.sql");
        try {
            run(
                    "pg_restore of the backup of " + database.name(),
                    List.of(pgRestore, "--clean", "--if-exists", "--file=" + script, dump.toString()),
                    Map.of(),
                    false);
            Files.writeString(prelude, DROP_OWNED_RELATIONS, StandardCharsets.UTF_8);
            run(
                    "restoring the backup into " + database.name(),
                    List.of(
                            psql,
                            "--no-psqlrc",
                            "--no-password",
                            "--quiet",
                            "--single-transaction",
                            "--set=ON_ERROR_STOP=1",
                            "--set=VERBOSITY=sqlstate",
                            "--host=" + host,
                            "--port=" + (url.group(2) == null ? "5432" : url.group(2)),
                            "--username=" + database.username(),
                            "--dbname=" + url.group(3),
                            "--file=" + prelude,
                            "--file=" + script),
                    Map.of(
                            "PGPASSWORD", database.password(),
                            "PGSSLMODE", parameter(url.group(4), "sslmode", "prefer"),
                            "PGCONNECT_TIMEOUT", "10",
                            "PGAPPNAME", "runway-migrator-rollback",
                            "PGOPTIONS", "-c client_min_messages=warning"),
                    true);
            return Duration.ofNanos(System.nanoTime() - began);
        } catch (IOException e) {
            throw new RestoreFailed("the restore script could not be written: " + e.getMessage(), e);
        } finally {
            deleteQuietly(script);
            deleteQuietly(prelude);
        }
    }

    private void run(String what, List<String> command, Map<String, String> environment, boolean sqlStatesOnly) {
        Path stderr = null;
        Process process = null;
        try {
            stderr = Files.createTempFile("runway-restore-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // the server rolls the open transaction back when psql's connection goes
                process.destroyForcibly();
                throw new RestoreFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.rollback.restore-timeout); nothing was restored");
            }
            if (process.exitValue() != 0) {
                throw new RestoreFailed(what + " failed (exit " + process.exitValue() + "): "
                        + (sqlStatesOnly ? sqlStates(stderr) : said(stderr))
                        + "; the transaction was rolled back, the database is unchanged");
            }
        } catch (IOException e) {
            throw new RestoreFailed(what + " could not be run (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RestoreFailed(what + " was interrupted", e);
        } finally {
            deleteQuietly(stderr);
        }
    }

    /** Only the SQLSTATEs psql printed, named; anything else it said may quote the dump's rows. */
    static String sqlStates(Path stderr) throws IOException {
        Set<String> states = new LinkedHashSet<>();
        Matcher m = SQLSTATE.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
        while (m.find()) {
            states.add(DatabaseError.describe(m.group(1)));
        }
        return states.isEmpty() ? "psql named no SQLSTATE (connection or file error)" : String.join(", ", states);
    }

    private String said(Path stderr) throws IOException {
        String text = redactor.redact(String.join(
                " / ",
                Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank())
                        .map(String::strip)
                        .toList()));
        if (text.isEmpty()) {
            return "it wrote nothing to stderr";
        }
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }

    private static String parameter(String query, String name, String fallback) {
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
                return pair.substring(eq + 1);
            }
        }
        return fallback;
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is no reason to fail the rollback
        }
    }
}
