package dev.runway.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Migration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The worker-kit's command lanes on a real broker, with the migrator's own handler. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
class ReleaseLanesIT {

    /** The advisory lock the test holds in database {@code shop} while release A's migration waits for it. */
    private static final long GATE = 4242;

    private final KafkaTestClient kafka =
            new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    @Inject
    MeterRegistry meters;

    @Test
    void anotherReleasesCommandIsCarriedOutWhileOneReleasesMigrationIsBlockedAndThatReleasesCommandsRunInOrder()
            throws Exception {
        UUID releaseA = UUID.randomUUID();
        Migration throughTheGate = new Migration(
                "20261127_100", "wait for the gate", "SELECT pg_advisory_xact_lock(" + GATE + ")", "SELECT 1");
        Command startA = command(releaseA, new StartMigration("shop", "runway-lanes", List.of(throughTheGate), 600));
        Command rollBackA = command(releaseA, new RollBackMigration("shop", "runway-lanes"));
        Command startB = command(
                UUID.randomUUID(), new StartMigration("nowhere", "runway-lanes-b", List.of(throughTheGate), 600));

        try (Connection gate = TargetDatabasesResource.admin("shop")) {
            gate.setAutoCommit(false);
            try (Statement s = gate.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + GATE + ")");
            }
            kafka.send(startA);
            await("release A's migration waiting for the gate")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> waitingForTheGate() == 1);
            kafka.send(rollBackA);
            kafka.send(startB);

            // All three records are on one partition, A's two ahead of B's.
            List<Event> answersToB = kafka.answering(startB, Duration.ofSeconds(30));

            assertThat(answersToB).last().extracting(Event::body).isInstanceOf(StepFailed.class);
            assertThat(waitingForTheGate()).as("release A still blocked").isEqualTo(1);
            gate.commit();
        }

        List<Event> eventsOfA = kafka.events(releaseA, KafkaTestClient.concludedTimes(2));
        int startConcluded = indexOf(
                eventsOfA,
                e -> e.commandId().equals(startA.commandId()) && e.body().concludes());
        int rollBackBegan = indexOf(eventsOfA, e -> e.commandId().equals(rollBackA.commandId()));
        assertThat(eventsOfA.get(startConcluded).body()).isInstanceOf(StepSucceeded.class);
        assertThat(rollBackBegan)
                .as("the rollback's first event comes after the migration's conclusion")
                .isGreaterThan(startConcluded);
        assertThat(eventsOfA)
                .filteredOn(e ->
                        e.commandId().equals(rollBackA.commandId()) && e.body().concludes())
                .singleElement()
                .extracting(Event::body)
                .isInstanceOf(StepSucceeded.class);
    }

    @Test
    void anUnreadableCommandIsParkedWithItsReasonInTheDeadLetterReasonHeaderAndCounted() throws Exception {
        Command newer = command(UUID.randomUUID(), new RollBackMigration("shop", "runway-newer"));
        String key = newer.releaseId().toString();
        double before = parkedForNewerVersions();

        kafka.sendRaw(
                Topics.MIGRATION_COMMANDS,
                key,
                RunwayJson.wire().writeValueAsString(newer).replace("\"schemaVersion\":1", "\"schemaVersion\":2"));

        List<ConsumerRecord<String, String>> parked = kafka.records(
                Topics.deadLetter(Topics.MIGRATION_COMMANDS),
                r -> key.equals(r.key()),
                records -> !records.isEmpty(),
                Duration.ofSeconds(60));
        assertThat(KafkaTestClient.header(parked.get(0), "dead-letter-reason"))
                .isEqualTo("schema version 2 is not supported; this worker reads version 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedForNewerVersions() == before + 1);
    }

    private double parkedForNewerVersions() {
        Counter counter = meters.find("runway.dead.letters")
                .tag("topic", Topics.MIGRATION_COMMANDS)
                .tag("reason", "unsupported-schema-version")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long waitingForTheGate() throws SQLException {
        try (Connection c = TargetDatabasesResource.admin("shop");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                        + GATE + " AND NOT granted")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int indexOf(List<Event> events, java.util.function.Predicate<Event> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events);
    }

    private static Command command(UUID releaseId, CommandBody body) {
        return Command.of(UUID.randomUUID(), releaseId, Instant.now(), Phase.DATABASE_MIGRATION, body);
    }
}
