package dev.runway.migrator;

import java.time.Duration;
import java.util.Locale;

/** Durations the way the runbook prints them: {@code 0.5s}, {@code 2.3s}. */
public final class Seconds {

    private Seconds() {}

    public static String format(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
