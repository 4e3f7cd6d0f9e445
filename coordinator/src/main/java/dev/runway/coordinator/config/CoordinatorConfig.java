package dev.runway.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "runway.coordinator")
public interface CoordinatorConfig {

    /** The CloudEvents {@code source} of audit events. */
    @WithDefault("/runway/coordinator")
    String auditSource();

    /** How often deadlines (maximum duration, silent workers) are checked. */
    @WithDefault("5s")
    Duration tickInterval();

    /** How often the outbox relay looks for unsent rows. */
    @WithDefault("1s")
    Duration outboxRelayInterval();

    /** Unsent outbox rows older than this are published again by the relay. */
    @WithDefault("2s")
    Duration outboxRetryAfter();

    /** How long a person has to decide after an "EVALUATE" guard fired, unless the release says otherwise. */
    @WithDefault("15m")
    Duration decisionTimeout();

    /** How long the guards keep watching a completed release, unless the release says otherwise. */
    @WithDefault("30m")
    Duration hypercare();

    /**
     * How long Phase 8 (Monitoring Validation) watches the guards' samples before it may pass, unless the release
     * says otherwise ({@code guards.observationSeconds}); the runbook's 5 minutes.
     */
    @WithDefault("5m")
    Duration monitoringObservation();

    /** The coordinator's address as people reach it: announcements show the decision {@code curl} against it. */
    @WithDefault("http://localhost:8080")
    String publicUrl();
}
