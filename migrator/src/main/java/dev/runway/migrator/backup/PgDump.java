package dev.runway.migrator.backup;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.postgres.ClientConnection;
import dev.runway.migrator.postgres.ClientProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runbook Step 2.1's {@code pg_dump --format=custom --compress=9}, then the proof that the file is a backup:
 * {@code pg_restore --list} reads its table of contents (exit 0), the file is not empty, and its SHA-256 is taken.
 *
 * <p>The password reaches pg_dump as {@code PGPASSWORD} in the child's environment only: never on its command line,
 * which any user of the host can read, and never in a message.
 */
public class PgDump {

    private static final int MAX_REASON = 400;

    private final String pgDump;
    private final String pgRestore;
    private final Duration timeout;
    private final Redactor redactor;

    public PgDump(String pgDump, String pgRestore, Duration timeout, Redactor redactor) {
        this.pgDump = pgDump;
        this.pgRestore = pgRestore;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    public DumpedFile dump(TargetDatabase database, Path file) {
        long began = System.nanoTime();
        ClientConnection connection = ClientConnection.of(database.jdbcUrl())
                .orElseThrow(() -> new BackupFailed("pg_dump cannot connect to database " + database.name()
                        + ": its JDBC URL is not jdbc:postgresql://host[:port]/database"));
        List<String> dump = new ArrayList<>(List.of(pgDump, "--format=custom", "--compress=9"));
        dump.addAll(connection.arguments(database.username()));
        dump.add("--file=" + file);
        run(
                "pg_dump of database " + database.name(),
                dump,
                connection.environment(database.password(), "runway-migrator-backup"),
                null);
        long bytes = size(file);
        if (bytes <= 0) {
            throw new BackupFailed("pg_dump of database " + database.name() + " wrote an empty file");
        }
        Path contents = file.resolveSibling(file.getFileName() + ".list");
        try {
            run(
                    "pg_restore --list of the backup of " + database.name(),
                    List.of(pgRestore, "--list", file.toString()),
                    Map.of(),
                    contents);
            int entries = entries(contents);
            if (entries == 0) {
                throw new BackupFailed("pg_restore --list found no entry in the backup of " + database.name());
            }
            return new DumpedFile(file, bytes, entries, sha256(file), Duration.ofNanos(System.nanoTime() - began));
        } finally {
            ClientProcess.deleteQuietly(contents);
        }
    }

    /** One line of the table of contents per entry; lines starting with {@code ;} are its header and comments. */
    static int entries(Path contents) {
        try (Stream<String> lines = Files.lines(contents, StandardCharsets.UTF_8)) {
            return (int) lines.filter(l -> !l.isBlank() && !l.startsWith(";")).count();
        } catch (IOException e) {
            throw new BackupFailed("the output of pg_restore --list could not be read: " + e.getMessage(), e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BackupFailed("the backup file could not be read for its SHA-256: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void run(String what, List<String> command, Map<String, String> environment, Path stdout) {
        ClientProcess.Result result = ClientProcess.run(command, environment, stdout, timeout);
        switch (result.ending()) {
            case FINISHED -> {
                if (result.exitCode() != 0) {
                    throw new BackupFailed(what + " exited with " + result.exitCode() + ": "
                            + ClientProcess.lines(redactor.redact(result.stderr()), MAX_REASON));
                }
            }
            case TIMED_OUT ->
                throw new BackupFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.backup.dump-timeout)");
            case NOT_STARTED -> throw new BackupFailed(what + " could not be run (" + result.error() + ")");
            case INTERRUPTED -> throw new BackupFailed(what + " was interrupted");
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new BackupFailed("the backup file's size could not be read: " + e.getMessage(), e);
        }
    }
}
