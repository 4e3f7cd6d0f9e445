package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandLanesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    private static final String TOPIC = Topics.MIGRATION_COMMANDS;

    private final List<Event> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HandledCommands handled = new ListHandledLog().restarted(100);
    private final CommandLanes lanes = new CommandLanes(
            new CommandIntake(handled, published::add, Clock.fixed(NOW, ZoneOffset.UTC), "migrator"),
            handled,
            new DeadLetters(meters),
            new Config(),
            new Random(3));

    private final AtomicInteger acked = new AtomicInteger();
    private final List<Throwable> nacked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        lanes.stop();
    }

    @Test
    void aHandlerThatFailsTwiceThenSucceedsConcludesOnceAndNothingIsDeadLettered() throws Exception {
        Command command = Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                NOW,
                Phase.DATABASE_MIGRATION,
                new RollBackMigration("shop", "r"));
        AtomicInteger attempts = new AtomicInteger();

        lanes.accept(message(json(command)), (cmd, reporter) -> {
            reporter.report(new StepStarted("rolling back"));
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("the broker did not take the event");
            }
            reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> acked.get() == 1);
        assertThat(attempts).hasValue(3);
        assertThat(published).filteredOn(e -> e.body().concludes()).hasSize(1);
        assertThat(published).allSatisfy(e -> assertThat(e.commandId()).isEqualTo(command.commandId()));
        assertThat(nacked).isEmpty();
        assertThat(meters.find("runway.dead.letters").counters()).isEmpty();
    }

    @Test
    void anUnreadableRecordIsParkedWithItsReasonCountedAndNotRetried() {
        AtomicInteger carriedOut = new AtomicInteger();

        lanes.accept(message("{\"schemaVersion\":2}"), (cmd, reporter) -> carriedOut.incrementAndGet());

        await().atMost(Duration.ofSeconds(5)).until(() -> !nacked.isEmpty());
        assertThat(nacked).singleElement().isInstanceOf(RejectedCommand.class);
        assertThat(nacked.get(0)).hasMessage("schema version 2 is not supported; this worker reads version 1");
        assertThat(acked).hasValue(0);
        assertThat(carriedOut).hasValue(0);
        assertThat(meters.get("runway.dead.letters")
                        .tag("topic", TOPIC)
                        .tag("reason", "unsupported-schema-version")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void eachKindOfRejectionHasItsOwnReasonTag() {
        CommandIntake intake =
                new CommandIntake(new ListHandledLog().restarted(1), e -> {}, Clock.systemUTC(), "migrator");
        Map<String, String> tagOfPayload = Map.of(
                "", "empty",
                "{\"schemaVersion\":", "not-json",
                "{\"schemaVersion\":\"1\"}", "no-schema-version",
                "{\"schemaVersion\":3}", "unsupported-schema-version",
                "{\"schemaVersion\":1,\"body\":{}}", "not-a-command");

        tagOfPayload.forEach((payload, tag) -> {
            RejectedCommand rejected = catchThrowableOfType(
                    RejectedCommand.class, () -> intake.accept(record(payload), (cmd, reporter) -> {}));
            assertThat(DeadLetters.reason(rejected)).as(payload).isEqualTo(tag);
        });
    }

    private Message<String> message(String payload) {
        return Message.of(
                payload,
                Metadata.of(new IncomingKafkaRecordMetadata<>(record(payload), TOPIC)),
                () -> {
                    acked.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    nacked.add(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static ConsumerRecord<String, String> record(String payload) {
        return new ConsumerRecord<>(TOPIC, 0, 42, "release", payload);
    }

    private static String json(Command command) throws JsonProcessingException {
        return RunwayJson.wire().writeValueAsString(command);
    }

    @Test
    void atStartTheCommandsOfItsTopicThatARestartInterruptedAreResumedAndOthersAreLeftToTheirLanes() {
        ListHandledLog log = new ListHandledLog();
        HandledCommands before = log.restarted(100);
        Command migration = Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                NOW,
                Phase.DATABASE_MIGRATION,
                new RollBackMigration("shop", "r"));
        before.claim(migration.commandId());
        before.inProgress(migration);
        HandledCommands restarted = log.restarted(100);
        List<UUID> carriedOut = new CopyOnWriteArrayList<>();
        CommandLanes afterRestart = new CommandLanes(
                new CommandIntake(restarted, published::add, Clock.fixed(NOW, ZoneOffset.UTC), "migrator"),
                restarted,
                new DeadLetters(meters),
                new Config(),
                new Random(3));
        try {
            afterRestart.resume(Topics.ROLLOUT_COMMANDS, (cmd, reporter) -> carriedOut.add(cmd.commandId()));
            afterRestart.resume(TOPIC, (cmd, reporter) -> {
                carriedOut.add(cmd.commandId());
                reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
            assertThat(carriedOut).containsExactly(migration.commandId());
            assertThat(published.get(0).commandId()).isEqualTo(migration.commandId());
        } finally {
            afterRestart.stop();
        }
    }

    private static final class Config implements CommandLanesConfig {

        @Override
        public int threads() {
            return 2;
        }

        @Override
        public int maxInFlight() {
            return 4;
        }

        @Override
        public Retry retry() {
            return new Retry() {
                @Override
                public Duration initialBackoff() {
                    return Duration.ofMillis(10);
                }

                @Override
                public Duration maxBackoff() {
                    return Duration.ofMillis(50);
                }
            };
        }
    }
}
