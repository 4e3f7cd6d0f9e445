package dev.runway.migrator;

import java.time.Duration;

/** A migration that ran and committed, with how long it took. */
public record AppliedMigration(String id, String description, Duration duration) {

    /** The runbook's line, e.g. {@code Migration 001_add_feature_x: SUCCESS (0.5s)}. */
    public String runbookLine() {
        return "Migration " + id + ": SUCCESS (" + Seconds.format(duration) + ")";
    }
}
