package dev.runway.migrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Runbook Step 2.3's bounds on each migration, set on its connection before it runs. A migration may set its own
 * ({@code lockTimeoutSeconds}, {@code statementTimeoutSeconds} in the release's spec).
 */
@ConfigMapping(prefix = "runway.migrator")
public interface MigrationTimeouts {

    /**
     * How long a migration waits for a lock before it fails: an ALTER TABLE queued behind a long transaction would
     * otherwise hold every later query on that table behind it.
     */
    @WithDefault("5s")
    Duration lockTimeout();

    /** How long one statement of a migration may run before the server cancels it. */
    @WithDefault("60s")
    Duration statementTimeout();
}
