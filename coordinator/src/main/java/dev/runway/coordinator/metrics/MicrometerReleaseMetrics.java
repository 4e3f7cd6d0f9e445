package dev.runway.coordinator.metrics;

import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.release.ReleaseMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exposed at /q/metrics as {@code runway_releases_ended_total}, {@code runway_rollback_duration_seconds},
 * {@code runway_releases_active}, {@code runway_events_refused_total} and
 * {@code runway_deadline_checks_failed_total}; deploy/prometheus and deploy/grafana use these names.
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
}
