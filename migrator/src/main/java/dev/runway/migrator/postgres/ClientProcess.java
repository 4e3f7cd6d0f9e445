package dev.runway.migrator.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one PostgreSQL client binary to its end, or until its timeout, with nothing typed at it: {@code --no-password},
 * and the files it reads are named on its command line. What it wrote to stderr comes back for the caller to judge,
 * since only the caller knows whether it may quote row values.
 */
public final class ClientProcess {

    /**
     * How the run ended.
     *
     * @param exitCode the binary's exit code when it {@link Ending#FINISHED}; -1 otherwise
     * @param stderr   what it wrote to stderr; empty when it did not finish
     * @param error    why it could not be started, when it was {@link Ending#NOT_STARTED}; null otherwise
     */
    public record Result(Ending ending, int exitCode, String stderr, String error) {

        public boolean succeeded() {
            return ending == Ending.FINISHED && exitCode == 0;
        }
    }

    public enum Ending {
        FINISHED,
        TIMED_OUT,
        NOT_STARTED,
        INTERRUPTED
    }

    private ClientProcess() {}

    /** @param stdout where its standard output goes; null to discard it */
    public static Result run(List<String> command, Map<String, String> environment, Path stdout, Duration timeout) {
        Path stderr = null;
        Process process = null;
        try {
            stderr = Files.createTempFile("runway-pg-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectOutput(
                            stdout == null
                                    ? ProcessBuilder.Redirect.DISCARD
                                    : ProcessBuilder.Redirect.to(stdout.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // psql's open transaction is rolled back by the server when its connection goes
                process.destroyForcibly();
                return new Result(Ending.TIMED_OUT, -1, "", null);
            }
            return new Result(
                    Ending.FINISHED, process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Result(Ending.NOT_STARTED, -1, "", command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(Ending.INTERRUPTED, -1, "", null);
        } finally {
            deleteQuietly(stderr);
        }
    }

    /** Non-blank stderr lines joined by " / ", at most {@code max} characters. */
    public static String lines(String stderr, int max) {
        String text = String.join(
                " / ",
                stderr.lines().filter(l -> !l.isBlank()).map(String::strip).toList());
        if (text.isEmpty()) {
            return "it wrote nothing to stderr";
        }
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is no reason to fail the step
        }
    }
}
