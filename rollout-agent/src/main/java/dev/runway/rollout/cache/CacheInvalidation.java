package dev.runway.rollout.cache;

import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.rollout.config.RolloutAgentConfig;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runbook Phase 6: clear each cache, then verify it is empty. Commands name caches; their
 * addresses and passwords stay in this service's configuration.
 */
@ApplicationScoped
public class CacheInvalidation implements CommandHandler {

    private final RolloutAgentConfig config;
    private final CacheFlusher redis;
    private final Clock clock;

    public CacheInvalidation(RolloutAgentConfig config, CacheFlusher redis, Clock clock) {
        this.config = config;
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (!(command.body() instanceof InvalidateCaches invalidate)) {
            reporter.report(new StepFailed(
                    "the cache handler does not carry out %s commands"
                            .formatted(command.body().getClass().getSimpleName()),
                    List.of()));
            return;
        }
        List<CacheTarget> caches = invalidate.caches();
        reporter.report(new StepStarted(
                "Clearing caches " + caches.stream().map(CacheTarget::name).collect(Collectors.joining(", "))));
        // Every name is checked before any cache is flushed: a typo must not leave half the caches cleared.
        for (CacheTarget cache : caches) {
            if (cache.type() != CacheType.REDIS || !config.caches().containsKey(cache.name())) {
                reporter.report(new StepFailed(
                        "no %s cache named \"%s\" is configured (runway.caches.\"%s\".uri)"
                                .formatted(cache.type(), cache.name(), cache.name()),
                        List.of()));
                return;
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (CacheTarget cache : caches) {
            CacheFlusher.Result result =
                    redis.flush(config.caches().get(cache.name()).uri());
            Measurement measurement = measurement(cache, result);
            measurements.add(measurement);
            if (!result.emptied()) {
                String why = result.error() != null
                        ? result.error()
                        : "DBSIZE is %d after FLUSHDB".formatted(result.keysLeft());
                reporter.report(
                        new StepFailed("cache \"%s\" was not cleared: %s".formatted(cache.name(), why), measurements));
                return;
            }
            reporter.report(
                    new StepProgressed("cache \"%s\" cleared: DBSIZE 0".formatted(cache.name()), List.of(measurement)));
        }
        reporter.report(new StepSucceeded("%d cache(s) cleared".formatted(caches.size()), measurements, Map.of()));
    }

    private Measurement measurement(CacheTarget cache, CacheFlusher.Result result) {
        String name = "cache." + cache.name() + ".dbsize";
        if (result.error() != null) {
            return new Measurement(name, "", "keys", Measurement.Status.ERROR, clock.instant());
        }
        return new Measurement(
                name,
                Long.toString(result.keysLeft()),
                "keys",
                result.keysLeft() == 0 ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED,
                clock.instant());
    }
}
