package dev.runway.rollout.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.rollout.config.RolloutAgentConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The handler's decisions and wording, with the providers replaced by what they would have measured. */
class CacheInvalidationTest {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final URI EDGE = URI.create("https://shop.example/health?token=s3cret");

    record Cache(
            Optional<String> uri,
            Optional<String> keyPrefix,
            int scanCount,
            Optional<RolloutAgentConfig.CloudFront> cloudfront,
            Optional<RolloutAgentConfig.Probe> probe)
            implements RolloutAgentConfig.Cache {

        static Cache redis(String prefix) {
            return new Cache(
                    Optional.of("redis://:pw@cache:6379/0"),
                    Optional.ofNullable(prefix),
                    1000,
                    Optional.empty(),
                    Optional.empty());
        }

        static Cache cloudFront(Optional<String> accessKeyId, Optional<String> secretAccessKey) {
            return new Cache(
                    Optional.empty(),
                    Optional.empty(),
                    1000,
                    Optional.of(new Distribution(accessKeyId, secretAccessKey)),
                    Optional.empty());
        }

        Cache probing(URI url) {
            return new Cache(
                    uri,
                    keyPrefix,
                    scanCount,
                    cloudfront,
                    Optional.ofNullable(url).map(u -> new Probe(u, "X-Cache", Duration.ofSeconds(10))));
        }
    }

    record Distribution(Optional<String> accessKeyId, Optional<String> secretAccessKey)
            implements RolloutAgentConfig.CloudFront {

        @Override
        public String distributionId() {
            return "EDFDVBD6EXAMPLE";
        }

        @Override
        public List<String> paths() {
            return List.of("/*");
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public Optional<URI> endpoint() {
            return Optional.empty();
        }

        @Override
        public Duration timeout() {
            return Duration.ofMinutes(4);
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(10);
        }
    }

    record Probe(URI url, String header, Duration timeout) implements RolloutAgentConfig.Probe {}

    final List<String> flushed = new ArrayList<>();
    final List<Instant> givenUpAt = new ArrayList<>();
    final List<String> callerReferences = new ArrayList<>();
    CacheFlusher.Result redisAnswers = CacheFlusher.Result.answered(1_204, 0);
    DistributionInvalidator.Result cloudFrontAnswers =
            new DistributionInvalidator.Result("I2J0I21PCUYOIK", "Completed", Duration.ofMillis(3_200), null);
    CacheProbe.Result probeAnswers = new CacheProbe.Result("Miss from cloudfront", "Hit from cloudfront", null);

    List<EventBody> carryOut(Map<String, RolloutAgentConfig.Cache> caches, Command command) {
        RolloutAgentConfig config = new RolloutAgentConfig() {
            @Override
            public Registry registry() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Rollout rollout() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, RolloutAgentConfig.Cache> caches() {
                return caches;
            }
        };
        CacheFlusher redis = (uri, prefix, count) -> {
            flushed.add(uri + prefix.map(p -> " " + p).orElse(""));
            return redisAnswers;
        };
        DistributionInvalidator cloudFront = (distribution, callerReference, giveUpAt) -> {
            callerReferences.add(callerReference);
            givenUpAt.add(giveUpAt);
            return cloudFrontAnswers;
        };
        CacheProbe probe = new CacheProbe() {
            @Override
            public Result probe(URI url, String header, Duration timeout) {
                return probeAnswers;
            }
        };
        List<EventBody> reported = new ArrayList<>();
        new CacheInvalidation(config, redis, cloudFront, probe, Clock.fixed(NOW, ZoneOffset.UTC))
                .carryOut(command, reported::add);
        return reported;
    }

    static Command command(CacheTarget... caches) {
        return Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                NOW,
                Phase.CACHE_INVALIDATION,
                new InvalidateCaches(List.of(caches)));
    }

    static EventBody last(List<EventBody> reported) {
        return reported.get(reported.size() - 1);
    }

    @Test
    void theWaitForCloudFrontEndsAtTheCommandsDeadlineWhenThatComesFirst() {
        Command command = command(new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn"));
        Map<String, RolloutAgentConfig.Cache> caches =
                Map.of("shop-cdn", Cache.cloudFront(Optional.empty(), Optional.empty()));

        carryOut(caches, command.expiringAt(NOW.plusSeconds(90)));
        carryOut(caches, command);

        assertThat(givenUpAt).containsExactly(NOW.plusSeconds(90), NOW.plus(Duration.ofMinutes(4)));
        assertThat(callerReferences).containsOnly(command.commandId().toString());
    }

    @Test
    void aCompletedInvalidationIsReportedWithItsIdAndDuration() {
        List<EventBody> reported = carryOut(
                Map.of("shop-cdn", Cache.cloudFront(Optional.empty(), Optional.empty())),
                command(new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn")));

        assertThat(reported)
                .anySatisfy(b -> assertThat(b.toString())
                        .contains("cache shop-cdn: CloudFront invalidation I2J0I21PCUYOIK of /* Completed in 3.2 s"));
        assertThat(last(reported))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        s -> assertThat(s.measurements())
                                .extracting(Measurement::name, Measurement::value, Measurement::unit)
                                .containsExactly(
                                        tuple("cache.shop-cdn.invalidation", "I2J0I21PCUYOIK", "invalidation"),
                                        tuple("cache.shop-cdn.invalidation-seconds", "3.2", "s")));
    }

    @Test
    void anInvalidationStillInProgressFailsTheStepNamingIt() {
        cloudFrontAnswers = new DistributionInvalidator.Result(
                "I3STUCKEXAMPLE",
                "InProgress",
                Duration.ofMinutes(4),
                "CloudFront invalidation I3STUCKEXAMPLE of distribution EDFDVBD6EXAMPLE still InProgress after 240.0 s");

        List<EventBody> reported = carryOut(
                Map.of("shop-cdn", Cache.cloudFront(Optional.empty(), Optional.empty())),
                command(new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn")));

        assertThat(last(reported)).isInstanceOfSatisfying(StepFailed.class, f -> {
            assertThat(f.reason())
                    .isEqualTo("cache \"shop-cdn\" was not cleared: CloudFront invalidation I3STUCKEXAMPLE of"
                            + " distribution EDFDVBD6EXAMPLE still InProgress after 240.0 s");
            assertThat(f.measurements())
                    .extracting(Measurement::value, Measurement::status)
                    .containsExactly(
                            tuple("I3STUCKEXAMPLE", Measurement.Status.FAILED),
                            tuple("240.0", Measurement.Status.FAILED));
        });
    }

    @Test
    void onlyOneCloudFrontKeyIsRefusedBeforeAnyCacheIsCleared() {
        List<EventBody> reported = carryOut(
                Map.of(
                        "sessions", Cache.redis(null),
                        "shop-cdn", Cache.cloudFront(Optional.of("AKIAIOSFODNN7EXAMPLE"), Optional.empty())),
                command(
                        new CacheTarget(CacheType.REDIS, "sessions"),
                        new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn")));

        assertThat(last(reported))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        f -> assertThat(f.reason())
                                .startsWith(
                                        "cache \"shop-cdn\" has only one of runway.caches.\"shop-cdn\".cloudfront.access-key-id"));
        assertThat(flushed).isEmpty();
        assertThat(callerReferences).isEmpty();
    }

    @Test
    void keysLeftUnderThePrefixFailTheStep() {
        redisAnswers = CacheFlusher.Result.answered(1_200, 4);

        List<EventBody> reported = carryOut(
                Map.of("sessions", Cache.redis("shop:")), command(new CacheTarget(CacheType.REDIS, "sessions")));

        assertThat(flushed).containsExactly("redis://:pw@cache:6379/0 shop:");
        assertThat(last(reported))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        f -> assertThat(f.reason())
                                .isEqualTo(
                                        "cache \"sessions\" was not cleared: 4 keys with prefix shop: left after removing"
                                                + " 1,200"));
    }

    @Test
    void aProbeThatHitsFirstFailsTheStepAfterTheCacheWasClearedWithoutShowingTheQuery() {
        probeAnswers = new CacheProbe.Result("Hit from cloudfront", "Hit from cloudfront", null);

        List<EventBody> reported = carryOut(
                Map.of("sessions", Cache.redis(null).probing(EDGE)),
                command(new CacheTarget(CacheType.REDIS, "sessions")));

        assertThat(last(reported)).isInstanceOfSatisfying(StepFailed.class, f -> {
            assertThat(f.reason())
                    .isEqualTo("cache \"sessions\" was cleared, but GET https://shop.example/health answered X-Cache"
                            + " \"Hit from cloudfront\", then \"Hit from cloudfront\", not a miss then a hit");
            assertThat(f.measurements())
                    .last()
                    .extracting(Measurement::name, Measurement::status)
                    .containsExactly("cache.sessions.probe", Measurement.Status.FAILED);
        });
    }

    @Test
    void theSummaryClaimsTheMissThenHitOnlyForTheCachesProbed() {
        List<EventBody> reported = carryOut(
                Map.of(
                        "sessions", Cache.redis(null),
                        "shop-cdn",
                                Cache.cloudFront(Optional.empty(), Optional.empty())
                                        .probing(EDGE)),
                command(
                        new CacheTarget(CacheType.REDIS, "sessions"),
                        new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn")));

        assertThat(last(reported))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        s -> assertThat(s.summary())
                                .isEqualTo(
                                        "2 cache(s) cleared; a miss, then a hit, measured for shop-cdn; miss then hit not"
                                                + " checked for sessions (no probe url configured)"));
    }
}
