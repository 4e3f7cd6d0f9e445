package dev.runway.coordinator.phase;

import java.time.Duration;

/** Durations as the runbook's announcements and timeline state them. */
final class Elapsed {

    private Elapsed() {}

    static String of(Duration d) {
        long seconds = d.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m " + (seconds % 60) + "s";
    }
}
