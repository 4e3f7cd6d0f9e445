package dev.runway.migrator.rehearsal;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code pg_restore --no-owner --no-privileges --exit-on-error} of a backup into a scratch database: its objects
 * belong to the migrator's role there, and the first error fails the rehearsal rather than leaving a partial copy. The
 * password reaches pg_restore as {@code PGPASSWORD} in the child's environment only.
 */
class PgRestore {

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:,?]+)(?::(\\d+))?(?:,[^/]*)?/([^?]+)(?:\\?(.*))?");
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
        Matcher url = JDBC_URL.matcher(scratch.jdbcUrl());
        if (!url.matches()) {
            throw new RehearsalFailed("pg_restore cannot connect to " + scratch.name()
                    + ": its JDBC URL is not jdbc:postgresql://host[:port]/database");
        }
        String host = url.group(1).startsWith("[")
                ? url.group(1).substring(1, url.group(1).length() - 1)
                : url.group(1);
        List<String> command = List.of(
                pgRestore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--no-password",
                "--host=" + host,
                "--port=" + (url.group(2) == null ? "5432" : url.group(2)),
                "--username=" + scratch.username(),
                "--dbname=" + url.group(3),
                dump.toString());
        String what = "pg_restore into scratch database " + scratch.name();
        Path stderr = null;
        Process process = null;
        try {
            stderr = Files.createTempFile("runway-rehearsal-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PGPASSWORD", scratch.password());
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            builder.environment().put("PGAPPNAME", "runway-migrator-rehearsal");
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RehearsalFailed(what + " did not finish within " + Seconds.format(timeout)
                        + " (runway.migrator.rehearsal.restore-timeout)");
            }
            if (process.exitValue() != 0) {
                throw new RehearsalFailed(what + " exited with " + process.exitValue() + ": " + said(stderr));
            }
        } catch (IOException e) {
            throw new RehearsalFailed(what + " could not be run (" + pgRestore + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RehearsalFailed(what + " was interrupted", e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException e) {
                    // a leftover temporary file is no reason to fail the rehearsal
                }
            }
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
}
