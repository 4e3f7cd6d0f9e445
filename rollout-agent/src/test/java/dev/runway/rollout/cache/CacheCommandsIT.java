package dev.runway.rollout.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.rollout.RedisResource;
import dev.runway.rollout.SandboxResource;
import dev.runway.rollout.cache.cloudfront.CloudFrontStandIn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SandboxResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CloudFrontResource.class, scope = TestResourceScope.GLOBAL)
class CacheCommandsIT {

    private static final Duration CONCLUSION = Duration.ofSeconds(30);
    private static final Path LOG = Path.of("target/rollout-agent-test.log");

    @Inject
    Vertx vertx;

    private final KafkaTestClient kafka = KafkaTestClient.onTestBroker();
    private final UUID releaseId = UUID.randomUUID();

    @Test
    void flushesRedisUntilItIsEmptyWithoutRevealingItsPassword() throws IOException {
        Redis redis = Redis.createClient(vertx, RedisResource.uri());
        try {
            redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.FLUSHDB))
                    .await()
                    .indefinitely();
            for (int i = 0; i < 25; i++) {
                redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.SET)
                                .arg("session:" + i)
                                .arg("v"))
                        .await()
                        .indefinitely();
            }
            assertThat(dbSize(redis)).isEqualTo(25);

            List<Event> events =
                    carryOut(new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, RedisResource.CACHE))));

            assertThat(events.get(events.size() - 1).body()).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
                assertThat(succeeded.measurements())
                        .extracting(Measurement::name, Measurement::value, Measurement::status)
                        .containsExactly(
                                tuple("cache.sessions.keys-removed", "25", Measurement.Status.SUCCESSFUL),
                                tuple("cache.sessions.dbsize", "0", Measurement.Status.SUCCESSFUL));
                assertThat(succeeded.summary())
                        .isEqualTo("1 cache(s) cleared; miss then hit not checked for sessions"
                                + " (no probe url configured)");
            });
            assertThat(events)
                    .extracting(Event::body)
                    .filteredOn(StepProgressed.class::isInstance)
                    .extracting(b -> ((StepProgressed) b).message())
                    .containsExactly("cache sessions: FLUSHDB removed 25 keys, DBSIZE 0");
            assertThat(dbSize(redis)).isZero();
            assertNoSecretIn(events);
        } finally {
            redis.close();
        }
    }

    @Test
    void onASharedInstanceRemovesOnlyTheKeysUnderTheCachesPrefixInBatchesAndCountsThem() throws IOException {
        Redis redis = Redis.createClient(vertx, RedisResource.sharedUri());
        try {
            redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.FLUSHDB))
                    .await()
                    .indefinitely();
            // more keys than one SCAN batch, and another application's keys beside them
            set(redis, RedisResource.SHARED_PREFIX, 1_204);
            set(redis, "blog:", 300);
            set(redis, "shop-admin:", 20);

            List<Event> events = carryOut(
                    new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, RedisResource.SHARED_CACHE))));

            assertThat(events)
                    .extracting(Event::body)
                    .filteredOn(StepProgressed.class::isInstance)
                    .extracting(b -> ((StepProgressed) b).message())
                    .containsExactly("cache shop-shared: 1,204 keys with prefix shop: removed, 0 left");
            assertThat(events.get(events.size() - 1).body())
                    .isInstanceOfSatisfying(
                            StepSucceeded.class,
                            succeeded -> assertThat(succeeded.measurements())
                                    .extracting(Measurement::name, Measurement::value, Measurement::unit)
                                    .containsExactly(
                                            tuple("cache.shop-shared.keys-removed", "1204", "keys"),
                                            tuple("cache.shop-shared.keys-left", "0", "keys")));
            assertThat(count(redis, "shop:*")).isZero();
            assertThat(count(redis, "blog:*")).isEqualTo(300);
            assertThat(count(redis, "shop-admin:*")).isEqualTo(20);
            assertNoSecretIn(events);
        } finally {
            redis.close();
        }
    }

    @Test
    void invalidatesTheCloudFrontDistributionThenMeasuresAMissAndAHitWithoutRevealingTheKey() throws IOException {
        UUID commandId = UUID.randomUUID();
        CloudFrontStandIn.invalidation(
                CloudFrontResource.api(), CloudFrontResource.DISTRIBUTION, commandId.toString(), "I2J0I21PCUYOIK", 2);

        List<Event> events = carryOut(
                commandId,
                new InvalidateCaches(List.of(new CacheTarget(CacheType.CLOUDFRONT, CloudFrontResource.CACHE))));

        List<String> progress = events.stream()
                .map(Event::body)
                .filter(StepProgressed.class::isInstance)
                .map(b -> ((StepProgressed) b).message())
                .toList();
        assertThat(progress)
                .hasSize(2)
                .satisfies(
                        p -> assertThat(p.get(0))
                                .matches("cache shop-cdn: CloudFront invalidation I2J0I21PCUYOIK of /\\* Completed in"
                                        + " \\d+\\.\\d s"),
                        p -> assertThat(p.get(1))
                                .isEqualTo("cache shop-cdn: GET "
                                        + CloudFrontResource.edge().health()
                                        + " answered X-Cache \"Miss from cloudfront\", then \"Hit from cloudfront\""
                                        + " (miss, then hit)"));
        assertThat(events.get(events.size() - 1).body()).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.summary()).isEqualTo("1 cache(s) cleared; a miss, then a hit, measured for shop-cdn");
            assertThat(succeeded.measurements())
                    .extracting(Measurement::name, Measurement::status)
                    .containsExactly(
                            tuple("cache.shop-cdn.invalidation", Measurement.Status.SUCCESSFUL),
                            tuple("cache.shop-cdn.invalidation-seconds", Measurement.Status.SUCCESSFUL),
                            tuple("cache.shop-cdn.probe", Measurement.Status.SUCCESSFUL));
            assertThat(succeeded.measurements().get(0).value()).isEqualTo("I2J0I21PCUYOIK");
        });
        CloudFrontResource.api()
                .verify(
                        1,
                        postRequestedFor(urlEqualTo(
                                        CloudFrontStandIn.API + CloudFrontResource.DISTRIBUTION + "/invalidation"))
                                .withRequestBody(containing("<CallerReference>" + commandId + "</CallerReference>")));
        assertNoSecretIn(events);
    }

    @Test
    void anUnknownCloudFrontCacheFailsBeforeAnyRedisIsFlushed() throws IOException {
        Redis redis = Redis.createClient(vertx, RedisResource.uri());
        try {
            redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.SET)
                            .arg("kept")
                            .arg("v"))
                    .await()
                    .indefinitely();

            List<Event> events = carryOut(new InvalidateCaches(List.of(
                    new CacheTarget(CacheType.REDIS, RedisResource.CACHE),
                    new CacheTarget(CacheType.CLOUDFRONT, RedisResource.CACHE))));

            assertThat(events.get(events.size() - 1).body())
                    .isInstanceOfSatisfying(
                            StepFailed.class,
                            failed -> assertThat(failed.reason())
                                    .isEqualTo("no CLOUDFRONT cache named \"sessions\" is configured"
                                            + " (runway.caches.\"sessions\".cloudfront.distribution-id)"));
            assertThat(dbSize(redis)).isPositive();
        } finally {
            redis.close();
        }
    }

    @Test
    void aCacheThatRefusesThePasswordFailsWithoutRevealingIt() throws IOException {
        List<Event> events = carryOut(
                new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, RedisResource.WRONG_PASSWORD_CACHE))));

        assertThat(events.get(events.size() - 1).body())
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .startsWith("cache \"%s\" was not cleared: "
                                        .formatted(RedisResource.WRONG_PASSWORD_CACHE)));
        assertNoSecretIn(events);
    }

    @Test
    void anUnknownCacheFailsNamingTheCacheBeforeAnyIsFlushed() throws IOException {
        Redis redis = Redis.createClient(vertx, RedisResource.uri());
        try {
            redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.SET)
                            .arg("kept")
                            .arg("v"))
                    .await()
                    .indefinitely();

            List<Event> events = carryOut(new InvalidateCaches(List.of(
                    new CacheTarget(CacheType.REDIS, RedisResource.CACHE),
                    new CacheTarget(CacheType.REDIS, "catalogue"))));

            assertThat(events.get(events.size() - 1).body())
                    .isInstanceOfSatisfying(
                            StepFailed.class,
                            failed -> assertThat(failed.reason())
                                    .isEqualTo(
                                            "no REDIS cache named \"catalogue\" is configured (runway.caches.\"catalogue\".uri)"));
            assertThat(dbSize(redis)).isPositive();
            assertNoSecretIn(events);
        } finally {
            redis.close();
        }
    }

    @Test
    void aMalformedCacheCommandGoesToTheDeadLetterTopicAndTheNextIsStillCarriedOut() {
        String malformed = "[\"not a command\", \"" + UUID.randomUUID() + "\"]";
        kafka.sendRaw(Topics.CACHE_COMMANDS, releaseId.toString(), malformed);

        kafka.rawValues(Topics.deadLetter(Topics.CACHE_COMMANDS), values -> values.contains(malformed));

        List<Event> events = carryOut(new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, "unknown"))));
        assertThat(events.get(events.size() - 1).body()).isInstanceOf(StepFailed.class);
    }

    private static long dbSize(Redis redis) {
        return redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.DBSIZE))
                .await()
                .indefinitely()
                .toLong();
    }

    private static void set(Redis redis, String prefix, int keys) {
        for (int i = 0; i < keys; i += 100) {
            Request mset = Request.cmd(io.vertx.mutiny.redis.client.Command.MSET);
            for (int k = i; k < Math.min(i + 100, keys); k++) {
                mset.arg(prefix + k).arg("v");
            }
            redis.send(mset).await().indefinitely();
        }
    }

    /** Keys matching {@code pattern}, by a complete SCAN (KEYS would do too, but is what production must not run). */
    private static long count(Redis redis, String pattern) {
        long total = 0;
        String cursor = "0";
        do {
            var page = redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.SCAN)
                            .arg(cursor)
                            .arg("MATCH")
                            .arg(pattern)
                            .arg("COUNT")
                            .arg(1000))
                    .await()
                    .indefinitely();
            cursor = page.get(0).toString();
            total += page.get(1).size();
        } while (!"0".equals(cursor));
        return total;
    }

    private List<Event> carryOut(InvalidateCaches body) {
        return carryOut(UUID.randomUUID(), body);
    }

    private List<Event> carryOut(UUID commandId, InvalidateCaches body) {
        Command command = Command.of(commandId, releaseId, Instant.now(), Phase.CACHE_INVALIDATION, body);
        kafka.send(command);
        List<Event> events = kafka.answering(command, CONCLUSION);
        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        assertThat(events).filteredOn(e -> e.body().concludes()).hasSize(1);
        return events;
    }

    private static void assertNoSecretIn(List<Event> events) throws IOException {
        String published = RunwayJson.wire().writeValueAsString(events);
        String logged = Files.readString(LOG);
        assertThat(logged).as("the test log").contains("InvalidateCaches");
        for (String secret :
                List.of(RedisResource.PASSWORD, RedisResource.WRONG_PASSWORD, CloudFrontResource.SECRET_KEY)) {
            assertThat(published).doesNotContain(secret);
            assertThat(logged).doesNotContain(secret);
        }
    }
}
