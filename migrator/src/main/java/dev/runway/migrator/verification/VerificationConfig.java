package dev.runway.migrator.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the verification after a release's migrations (runbook Steps 2.4 and 2.5) may take. */
@ConfigMapping(prefix = "runway.verification")
public interface VerificationConfig {

    /**
     * The whole verification, every query included: each runs with {@code statement_timeout} set to what is left.
     * Within the 60 s the coordinator waits past a migration's own timeout, so a verification that starts at the last
     * moment still answers before the coordinator gives up on the step.
     */
    @WithDefault("45s")
    Duration timeout();
}
