package dev.runway.coordinator.config;

import dev.runway.model.spec.GoNoGoVote;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "runway.coordinator")
public interface CoordinatorConfig {

    /** The CloudEvents {@code source} of audit events. */
    @WithDefault("/runway/coordinator")
    String auditSource();

    /**
     * How often deadlines (maximum duration, silent workers, rollback announcements without the notifier's answer) are
     * checked.
     */
    @WithDefault("5s")
    Duration tickInterval();

    /** How often the outbox relay looks for unsent rows. */
    @WithDefault("1s")
    Duration outboxRelayInterval();

    /** Unsent outbox rows older than this are published again by the relay. */
    @WithDefault("2s")
    Duration outboxRetryAfter();

    /** The most unsent rows one relay pass claims. */
    @WithDefault("500")
    int outboxRelayBatch();

    /**
     * Sends of one row the broker refused (too large, unknown topic, not authorised) before the row is parked; a
     * broker that is unreachable or slow counts no attempt.
     */
    @WithDefault("5")
    int outboxMaxAttempts();

    /** How long a claimed row waits for the broker's acknowledgement before it is left for the relay. */
    @WithDefault("10s")
    Duration outboxSendTimeout();

    /** Sent outbox rows are deleted once they were sent this long ago; unsent and parked rows are kept. */
    @WithDefault("7d")
    Duration outboxRetention();

    /**
     * Remembered worker event ids are forgotten after this long; it must exceed how long Kafka may redeliver an
     * event (the runway-events topic's retention).
     */
    @WithDefault("14d")
    Duration processedEventRetention();

    /** How often sent outbox rows and old event ids are deleted. */
    @WithDefault("1h")
    Duration retentionInterval();

    /** How a worker event that failed for a passing reason (database down, broker error) is tried again. */
    EventRetry eventRetry();

    interface EventRetry {

        /** The wait before the first retry; each later one doubles it, up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** The longest wait between two tries; the event is tried until it is applied. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

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
     * How long the coordinator waits for the notifier's answer to a rollback announcement (ROLLBACK INITIATED,
     * COMPLETE, FAILED); without one, it pages PagerDuty itself ({@link #fallbackPaging()}).
     */
    @WithDefault("30s")
    Duration rollbackAnnouncementTimeout();

    /** The coordinator's own page when a rollback announcement reached nobody. */
    FallbackPaging fallbackPaging();

    interface FallbackPaging {

        /** The PagerDuty Events API v2 base URL; pages are posted to {@code <url>/v2/enqueue}. */
        @WithDefault("https://events.pagerduty.com")
        String url();

        /**
         * The integration key of the PagerDuty service the pages go to. A secret: never logged, stored or shown.
         * Without it the coordinator does not page itself and only counts what reached nobody
         * ({@code runway_rollback_announcements_undelivered_total}), for Alertmanager.
         */
        Optional<String> routingKey();

        /** How long one page request may take; a page not accepted in time counts as one failed attempt. */
        @WithDefault("5s")
        Duration timeout();
    }

    /**
     * Token claim values (see {@code quarkus.oidc.roles.role-claim-path}) mapped to Runway's roles
     * ({@code runway.coordinator.role-mapping."<claim value>"=deployer,viewer}); a value not named here stands for the
     * Runway role of the same name, and anything that is no Runway role grants nothing.
     */
    Map<String, List<String>> roleMapping();
}
