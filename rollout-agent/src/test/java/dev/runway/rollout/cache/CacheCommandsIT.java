package dev.runway.rollout.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.rollout.RedisResource;
import dev.runway.rollout.SandboxResource;
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
            for (int i = 0; i < 25; i++) {
                redis.send(Request.cmd(io.vertx.mutiny.redis.client.Command.SET)
                                .arg("session:" + i)
                                .arg("v"))
                        .await()
                        .indefinitely();
            }
            assertThat(dbSize(redis)).isGreaterThanOrEqualTo(25);

            List<Event> events =
                    carryOut(new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, RedisResource.CACHE))));

            assertThat(events.get(events.size() - 1).body())
                    .isInstanceOfSatisfying(
                            StepSucceeded.class,
                            succeeded -> assertThat(succeeded.measurements())
                                    .singleElement()
                                    .satisfies(m -> {
                                        assertThat(m.name()).isEqualTo("cache.sessions.dbsize");
                                        assertThat(m.value()).isEqualTo("0");
                                    }));
            assertThat(dbSize(redis)).isZero();
            assertNoSecretIn(events);
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

    private List<Event> carryOut(InvalidateCaches body) {
        Command command = Command.of(UUID.randomUUID(), releaseId, Instant.now(), Phase.CACHE_INVALIDATION, body);
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
        for (String secret : List.of(RedisResource.PASSWORD, RedisResource.WRONG_PASSWORD)) {
            assertThat(published).doesNotContain(secret);
            assertThat(logged).doesNotContain(secret);
        }
    }
}
