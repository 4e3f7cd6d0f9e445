package dev.runway.rollout.cache;

import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.CacheTarget;
import dev.runway.rollout.cache.cloudfront.CloudFrontInvalidator;
import dev.runway.rollout.config.RolloutAgentConfig;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runbook Phase 6, and its repetition in a rollback: clear each cache (Step 6.1 Redis, Step 6.2 CloudFront), measure
 * that it is clear, then, where the cache has a probe, that a request misses and the next one hits (Step 6.3).
 * Commands name caches; their addresses and credentials stay in this service's configuration.
 *
 * <p>A repeat of one command (a redelivery, or a restart mid-command) is safe: a Redis flush repeated removes what is
 * there again, and CloudFront answers an invalidation request with the command's id as caller reference by returning
 * the invalidation it already created.
 */
@ApplicationScoped
public class CacheInvalidation implements CommandHandler {

    private final RolloutAgentConfig config;
    private final CacheFlusher redis;
    private final DistributionInvalidator cloudFront;
    private final CacheProbe probe;
    private final Clock clock;

    public CacheInvalidation(
            RolloutAgentConfig config,
            CacheFlusher redis,
            DistributionInvalidator cloudFront,
            CacheProbe probe,
            Clock clock) {
        this.config = config;
        this.redis = redis;
        this.cloudFront = cloudFront;
        this.probe = probe;
        this.clock = clock;
    }

    /** What clearing one cache measured: the step's message, its measurements, and why it failed, if it did. */
    private record Outcome(String message, List<Measurement> measurements, String failure) {}

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
        // Every name is checked before any cache is cleared: a typo must not leave half the caches cleared.
        for (CacheTarget cache : caches) {
            Optional<String> misconfigured = misconfigured(cache);
            if (misconfigured.isPresent()) {
                reporter.report(new StepFailed(misconfigured.get(), List.of()));
                return;
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        List<String> probed = new ArrayList<>();
        List<String> notProbed = new ArrayList<>();
        for (CacheTarget cache : caches) {
            RolloutAgentConfig.Cache configured = config.caches().get(cache.name());
            Outcome cleared = switch (cache.type()) {
                case REDIS -> flushRedis(cache.name(), configured);
                case CLOUDFRONT -> invalidateCloudFront(cache.name(), configured, command);
            };
            measurements.addAll(cleared.measurements());
            if (cleared.failure() != null) {
                reporter.report(new StepFailed(
                        "cache \"%s\" was not cleared: %s".formatted(cache.name(), cleared.failure()), measurements));
                return;
            }
            reporter.report(new StepProgressed(cleared.message(), cleared.measurements()));
            if (configured.probe().isEmpty()) {
                notProbed.add(cache.name());
                continue;
            }
            Outcome checked = probe(cache.name(), configured.probe().get());
            measurements.addAll(checked.measurements());
            if (checked.failure() != null) {
                reporter.report(new StepFailed(
                        "cache \"%s\" was cleared, but %s".formatted(cache.name(), checked.failure()), measurements));
                return;
            }
            probed.add(cache.name());
            reporter.report(new StepProgressed(checked.message(), checked.measurements()));
        }
        reporter.report(new StepSucceeded(summary(caches.size(), probed, notProbed), measurements, Map.of()));
    }

    /** Why the cache cannot be cleared as the command asks; empty when it can. */
    private Optional<String> misconfigured(CacheTarget cache) {
        RolloutAgentConfig.Cache configured = config.caches().get(cache.name());
        return switch (cache.type()) {
            case REDIS ->
                configured == null || configured.uri().isEmpty()
                        ? Optional.of("no REDIS cache named \"%s\" is configured (runway.caches.\"%s\".uri)"
                                .formatted(cache.name(), cache.name()))
                        : Optional.empty();
            case CLOUDFRONT -> {
                if (configured == null || configured.cloudfront().isEmpty()) {
                    yield Optional.of(
                            "no CLOUDFRONT cache named \"%s\" is configured (runway.caches.\"%s\".cloudfront.distribution-id)"
                                    .formatted(cache.name(), cache.name()));
                }
                RolloutAgentConfig.CloudFront cloudfront =
                        configured.cloudfront().get();
                if (cloudfront.accessKeyId().isPresent()
                        != cloudfront.secretAccessKey().isPresent()) {
                    yield Optional.of(("cache \"%s\" has only one of runway.caches.\"%s\".cloudfront.access-key-id and"
                                    + " secret-access-key; give both, or neither for the default credentials")
                            .formatted(cache.name(), cache.name()));
                }
                yield Optional.empty();
            }
        };
    }

    private Outcome flushRedis(String name, RolloutAgentConfig.Cache configured) {
        Optional<String> prefix = configured.keyPrefix();
        CacheFlusher.Result result = redis.flush(configured.uri().orElseThrow(), prefix, configured.scanCount());
        String left = prefix.isPresent() ? "keys-left" : "dbsize";
        if (result.error() != null) {
            return new Outcome(
                    null, List.of(measurement(name, left, "", "keys", Measurement.Status.ERROR)), result.error());
        }
        List<Measurement> measured = List.of(
                measurement(
                        name, "keys-removed", Long.toString(result.removed()), "keys", Measurement.Status.SUCCESSFUL),
                measurement(
                        name,
                        left,
                        Long.toString(result.left()),
                        "keys",
                        result.emptied() ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED));
        if (prefix.isPresent()) {
            return new Outcome(
                    "cache %s: %s with prefix %s removed, %s left"
                            .formatted(name, keys(result.removed()), prefix.get(), count(result.left())),
                    measured,
                    result.emptied()
                            ? null
                            : "%s with prefix %s left after removing %s"
                                    .formatted(keys(result.left()), prefix.get(), count(result.removed())));
        }
        return new Outcome(
                "cache %s: FLUSHDB removed %s, DBSIZE %s".formatted(name, keys(result.removed()), count(result.left())),
                measured,
                result.emptied() ? null : "DBSIZE is %d after FLUSHDB".formatted(result.left()));
    }

    private Outcome invalidateCloudFront(String name, RolloutAgentConfig.Cache configured, Command command) {
        RolloutAgentConfig.CloudFront distribution = configured.cloudfront().orElseThrow();
        Instant giveUpAt = clock.instant().plus(distribution.timeout());
        if (command.notAfter() != null && command.notAfter().isBefore(giveUpAt)) {
            // the coordinator stops waiting then; an answer after it would speak to nobody
            giveUpAt = command.notAfter();
        }
        DistributionInvalidator.Result result =
                cloudFront.invalidate(distribution, command.commandId().toString(), giveUpAt);
        Measurement.Status status = result.completed()
                ? Measurement.Status.SUCCESSFUL
                : result.id() == null ? Measurement.Status.ERROR : Measurement.Status.FAILED;
        List<Measurement> measured = List.of(
                measurement(name, "invalidation", result.id() == null ? "" : result.id(), "invalidation", status),
                measurement(
                        name,
                        "invalidation-seconds",
                        String.format(Locale.ROOT, "%.1f", result.took().toMillis() / 1000.0),
                        "s",
                        status));
        return new Outcome(
                "cache %s: CloudFront invalidation %s of %s %s in %s"
                        .formatted(
                                name,
                                result.id(),
                                String.join(", ", distribution.paths()),
                                result.status(),
                                CloudFrontInvalidator.seconds(result.took())),
                measured,
                result.error());
    }

    private Outcome probe(String name, RolloutAgentConfig.Probe configured) {
        CacheProbe.Result result = probe.probe(configured.url(), configured.header(), configured.timeout());
        String url = CacheProbe.shown(configured.url());
        if (result.error() != null) {
            return new Outcome(
                    null,
                    List.of(measurement(name, "probe", "", configured.header(), Measurement.Status.ERROR)),
                    "its probe failed: " + result.error());
        }
        String answered = "GET %s answered %s %s, then %s"
                .formatted(url, configured.header(), quoted(result.first()), quoted(result.second()));
        Measurement measured = measurement(
                name,
                "probe",
                quoted(result.first()) + ", then " + quoted(result.second()),
                configured.header(),
                result.missThenHit() ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED);
        return new Outcome(
                "cache %s: %s (miss, then hit)".formatted(name, answered),
                List.of(measured),
                result.missThenHit() ? null : answered + ", not a miss then a hit");
    }

    /** The step's summary claims a miss-then-hit check only for the caches that had one. */
    private static String summary(int cleared, List<String> probed, List<String> notProbed) {
        StringBuilder summary = new StringBuilder("%d cache(s) cleared".formatted(cleared));
        if (!probed.isEmpty()) {
            summary.append("; a miss, then a hit, measured for ").append(String.join(", ", probed));
        }
        if (!notProbed.isEmpty()) {
            summary.append("; miss then hit not checked for ")
                    .append(String.join(", ", notProbed))
                    .append(" (no probe url configured)");
        }
        return summary.toString();
    }

    private Measurement measurement(String cache, String what, String value, String unit, Measurement.Status status) {
        return new Measurement("cache." + cache + "." + what, value, unit, status, clock.instant());
    }

    private static String keys(long n) {
        return n == 1 ? "1 key" : count(n) + " keys";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String quoted(String header) {
        return header == null ? "(none)" : "\"" + header + "\"";
    }
}
