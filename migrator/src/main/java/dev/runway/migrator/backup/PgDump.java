package dev.runway.migrator.backup;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runbook Step 2.1's {@code pg_dump --format=custom --compress=9}, then the proof that the file is a backup:
 * {@code pg_restore --list} reads its table of contents (exit 0), the file is not empty, and its SHA-256 is taken.
 *
 * <p>The password reaches pg_dump as {@code PGPASSWORD} in the child's environment only: never on its command line,
 * which any user of the host can read, and never in a message.
 */
public class PgDump {

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:,?]+)(?::(\\d+))?(?:,[^/]*)?/([^?]+)(?:\\?(.*))?");
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
        Matcher url = JDBC_URL.matcher(database.jdbcUrl());
        if (!url.matches()) {
            throw new BackupFailed("pg_dump cannot connect to database " + database.name()
                    + ": its JDBC URL is not jdbc:postgresql://host[:port]/database");
        }
        String host = url.group(1).startsWith("[")
                ? url.group(1).substring(1, url.group(1).length() - 1)
                : url.group(1);
        List<String> dump = List.of(
                pgDump,
                "--format=custom",
                "--compress=9",
                "--no-password",
                "--host=" + host,
                "--port=" + (url.group(2) == null ? "5432" : url.group(2)),
                "--username=" + database.username(),
                "--dbname=" + url.group(3),
                "--file=" + file);
        Map<String, String> environment = Map.of(
                "PGPASSWORD",
                database.password(),
                "PGSSLMODE",
                parameter(url.group(4), "sslmode", "prefer"),
                "PGCONNECT_TIMEOUT",
                "10",
                "PGAPPNAME",
                "runway-migrator-backup");
        run("pg_dump of database " + database.name(), dump, environment, null);
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
            deleteQuietly(contents);
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
        Path stderr = null;
        Process process = null;
        try {
            stderr = Files.createTempFile("runway-backup-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectOutput(
                            stdout == null
                                    ? ProcessBuilder.Redirect.DISCARD
                                    : ProcessBuilder.Redirect.to(stdout.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            // nothing is typed at a prompt: --no-password, and pg_restore --list reads only its file
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BackupFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.backup.dump-timeout)");
            }
            if (process.exitValue() != 0) {
                throw new BackupFailed(what + " exited with " + process.exitValue() + ": " + said(stderr));
            }
        } catch (IOException e) {
            throw new BackupFailed(what + " could not be run (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackupFailed(what + " was interrupted", e);
        } finally {
            deleteQuietly(stderr);
        }
    }

    private String said(Path stderr) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(stderr, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        String text = redactor.redact(lines.stream().map(String::strip).collect(Collectors.joining(" / ")));
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

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new BackupFailed("the backup file's size could not be read: " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is no reason to fail the backup
        }
    }
}
