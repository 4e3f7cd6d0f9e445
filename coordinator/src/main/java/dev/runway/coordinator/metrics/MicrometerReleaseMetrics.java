package dev.runway.coordinator.metrics;

import dev.runway.coordinator.phase.Notice;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.release.ReleaseMetrics;
import dev.runway.model.event.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exposed at /q/metrics as {@code runway_releases_ended_total}, {@code runway_rollback_duration_seconds},
 * {@code runway_releases_active}, {@code runway_events_refused_total}, {@code runway_deadline_checks_failed_total}
 * and {@code runway_rollback_announcements_undelivered_total}; deploy/prometheus and deploy/grafana use these names.
 */
@ApplicationScoped
public class MicrometerReleaseMetrics implements ReleaseMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Timer rollbackDuration;

    @Inject
    public MicrometerReleaseMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("runway.releases.active", active);
        this.rollbackDuration = Timer.builder("runway.rollback.duration")
                .description(
                        "From ROLLBACK INITIATED to the end of the rollback; the runbook's target is under 5 minutes")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMinutes(5))
                .register(registry);
    }

    @Override
    public void releaseEnded(ReleaseState state) {
        Counter.builder("runway.releases.ended")
                .description("Releases that reached a terminal status")
                .tag("application", state.spec().application())
                .tag("environment", state.spec().environment())
                .tag("status", state.status().name())
                .register(registry)
                .increment();
        if (state.rollback() != null && state.endedAt() != null) {
            rollbackDuration.record(Duration.between(state.rollback().startedAt(), state.endedAt()));
        }
    }

    @Override
    public void activeReleases(int count) {
        active.set(count);
    }

    @Override
    public void deadlineCheckFailed() {
        Counter.builder("runway.deadline.checks.failed")
                .description("Deadline checks of one release that failed; the log names the release, and its silent"
                        + " workers, maximum duration and decisions go unchecked until a check succeeds")
                .register(registry)
                .increment();
    }

    @Override
    public void eventRefused(String reason) {
        Counter.builder("runway.events.refused")
                .description("Worker events refused because they do not come from the worker their command belongs to")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    @Override
    public void rollbackAnnouncementUndelivered(ReleaseState state, Notice notice) {
        Delivery page = notice.fallback().delivery();
        String fallback = switch (page.outcome()) {
            case DELIVERED -> "paged";
            case NOT_CONFIGURED -> "not_configured";
            case REFUSED, UNREACHABLE -> "failed";
        };
        Counter.builder("runway.rollback.announcements.undelivered")
                .description("Rollback announcements that reached nobody (notifier silent, or chat and its page"
                        + " failed), by what the coordinator's own PagerDuty page did: paged, failed, not_configured")
                .tag("application", state.spec().application())
                .tag("environment", state.spec().environment())
                .tag("announcement", notice.announcement().name())
                .tag("fallback", fallback)
                .register(registry)
                .increment();
    }
}
