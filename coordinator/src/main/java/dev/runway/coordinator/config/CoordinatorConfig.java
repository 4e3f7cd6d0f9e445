package dev.runway.coordinator.config;

import dev.runway.model.spec.GoNoGoVote;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /** How long GO/NO-GO waits for every required vote; the window closing without consensus aborts the release. */
    @WithDefault("15m")
    Duration voteWindow();

    /**
     * The roles whose GO an environment requires ({@code runway.coordinator.required-votes."<env>"}); an environment
     * not named requires the runbook's four. A release with migrations always needs the DBA's vote as well.
     */
    Map<String, List<GoNoGoVote.Role>> requiredVotes();

    /** How long one person's request for a manual rollback waits for the second person's. */
    @WithDefault("10m")
    Duration rollbackRequestWindow();

    /**
     * How long a release request waits, after this coordinator started, for the notifier to say which channels and
     * services it can deliver to; then it is answered 503.
     */
    @WithDefault("10s")
    Duration notifierDirectoryWait();

    /**
     * Token claim values (see {@code quarkus.oidc.roles.role-claim-path}) mapped to Runway's roles
     * ({@code runway.coordinator.role-mapping."<claim value>"=deployer,viewer}); a value not named here stands for the
     * Runway role of the same name, and anything that is no Runway role grants nothing.
     */
    Map<String, List<String>> roleMapping();
}
