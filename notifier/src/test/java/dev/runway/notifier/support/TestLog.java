package dev.runway.notifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The log file {@code %test.quarkus.log.file.path} names, read to prove what was and was not logged. */
public final class TestLog {

    private static final Path FILE = Path.of("target/notifier-test.log");

    private TestLog() {}

    /** So that lines of an earlier run cannot fail or pass this one; the handler appends, so truncating is safe. */
    static void truncate() {
        try {
            if (Files.exists(FILE)) {
                Files.write(FILE, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read() {
        try {
            return Files.exists(FILE) ? Files.readString(FILE) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
