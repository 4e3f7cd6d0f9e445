package dev.runway.migrator;

import static dev.runway.infra.KafkaTestClient.concludedTimes;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Migration;
import dev.runway.worker.CommandIntake;
import dev.runway.worker.HandledCommands;
import dev.runway.worker.KafkaHandledLog;
import dev.runway.worker.WorkerConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationMessagingIT {

    private static final Migration CREATE_CUSTOMER = new Migration(
            "20261126_001", "create customer", "CREATE TABLE customer (id integer PRIMARY KEY)", "DROP TABLE customer");
    private static final Migration ADD_LOYALTY_POINTS = new Migration(
            "20261126_002",
            "add loyalty points",
            "ALTER TABLE customer ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0",
            "ALTER TABLE customer DROP COLUMN loyalty_points");

    @Inject
    MigrationCommandHandler handler;

    @Inject
    WorkerConfig workerConfig;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    private final KafkaTestClient kafka =
            new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    @Test
    @Order(1)
    void appliesTwoMigrationsInOrderAndReportsTheSchemaVersionBeforeAndAfter() throws Exception {
        Command start =
                command(new StartMigration("shop", "runway-shop", List.of(CREATE_CUSTOMER, ADD_LOYALTY_POINTS), 600));
        kafka.send(start);

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(1));

        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        // the backup's line comes first (BackupServicesResource: this database has none, and says so), then the
        // rehearsal's (none without a backup, and says so), then each
        // applied migration, then each item verified after them (Steps 2.4 and 2.5)
        assertThat(events)
                .filteredOn(e -> e.body() instanceof StepProgressed)
                .extracting(e -> ((StepProgressed) e.body()).message())
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("backup NOT taken: "),
                        line -> assertThat(line).startsWith("rehearsal not run: no backup to restore from; "),
                        line -> assertThat(line)
                                .matches("Migration 20261126_001: SUCCESS \\(\\d+\\.\\ds; lock_timeout 5 s,"
                                        + " statement_timeout 60 s\\)"),
                        line -> assertThat(line)
                                .matches("Migration 20261126_002: SUCCESS \\(\\d+\\.\\ds; lock_timeout 5 s,"
                                        + " statement_timeout 60 s\\)"),
                        line -> assertThat(line).startsWith("schema version 20261126_002 = target 20261126_002"),
                        line -> assertThat(line).startsWith("referential integrity: "),
                        line -> assertThat(line).startsWith("check constraints: "),
                        line -> assertThat(line).startsWith("indexes: "));
        StepSucceeded done = concluding(events, StepSucceeded.class);
        assertThat(done.outputs())
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE, "none")
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "20261126_002");
        assertThat(done.measurements())
                .extracting(m -> m.name() + " " + m.unit())
                .startsWith("20261126_001 ms", "20261126_002 ms");
        assertThat(done.summary()).contains("2 migration(s) applied to shop");
        assertThat(columns("shop", "customer")).containsExactly("id", "loyalty_points");
        assertThat(events.stream().filter(e -> e.body().concludes())).hasSize(1);
    }

    @Test
    @Order(2)
    void aFailingMigrationIsReportedByNameAndTheEarlierOneStaysUntilRolledBack() throws Exception {
        Migration broken = new Migration(
                "20261126_002",
                "add discount",
                "ALTER TABLE customer ADD COLUMN discount no_such_type",
                "ALTER TABLE customer DROP COLUMN discount");
        Command start = command(new StartMigration("billing", "runway-billing", List.of(CREATE_CUSTOMER, broken), 600));
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(failed.reason())
                .contains("migration 20261126_002 (add discount) failed: SQLSTATE 42704 undefined_object")
                .contains("1 earlier migration(s) stay applied until rolled back to runway-billing");
        assertThat(failed.measurements()).extracting(m -> m.name()).containsExactly("20261126_001");
        assertThat(columns("billing", "customer")).containsExactly("id");

        Command rollBack = Command.of(
                UUID.randomUUID(),
                start.releaseId(),
                Instant.now(),
                Phase.DATABASE_MIGRATION,
                new RollBackMigration("billing", "runway-billing"));
        kafka.send(rollBack);

        StepSucceeded undone = concluding(kafka.events(start.releaseId(), concludedTimes(2)), StepSucceeded.class);
        assertThat(undone.outputs())
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE, "20261126_001")
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "none");
        assertThat(columns("billing", "customer")).isEmpty();
    }

    @Test
    @Order(3)
    void rollingBackRemovesTheChangesAndARepeatedRollbackHasNothingLeftToUndo() throws Exception {
        Command start = command(
                new StartMigration("inventory", "runway-inventory", List.of(CREATE_CUSTOMER, ADD_LOYALTY_POINTS), 600));
        kafka.send(start);
        concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepSucceeded.class);
        assertThat(columns("inventory", "customer")).containsExactly("id", "loyalty_points");

        RollBackMigration toRestorePoint = new RollBackMigration("inventory", "runway-inventory");
        kafka.send(Command.of(
                UUID.randomUUID(), start.releaseId(), Instant.now(), Phase.DATABASE_MIGRATION, toRestorePoint));
        // A new id, as after a restart that forgot the first: only the database can tell it was done.
        kafka.send(Command.of(
                UUID.randomUUID(), start.releaseId(), Instant.now(), Phase.DATABASE_MIGRATION, toRestorePoint));

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(3));
        List<StepSucceeded> rollbacks = events.stream()
                .filter(e -> !e.commandId().equals(start.commandId()))
                .map(Event::body)
                .filter(StepSucceeded.class::isInstance)
                .map(StepSucceeded.class::cast)
                .toList();
        assertThat(rollbacks).hasSize(2);
        assertThat(rollbacks.get(0).summary())
                .startsWith("2 migration(s) rolled back to restore point runway-inventory");
        assertThat(rollbacks.get(0).outputs())
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE, "20261126_002")
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "none");
        assertThat(rollbacks.get(1).summary()).startsWith("nothing after restore point runway-inventory to undo");
        assertThat(columns("inventory", "customer")).isEmpty();
    }

    @Test
    @Order(4)
    void aRollbackToARestorePointNeverMarkedSucceedsWithNothingToUndo() {
        Command rollBack = command(new RollBackMigration("inventory", "runway-never-started"));
        kafka.send(rollBack);

        StepSucceeded done = concluding(kafka.events(rollBack.releaseId(), concludedTimes(1)), StepSucceeded.class);

        assertThat(done.summary()).contains("was never marked on inventory, so there is nothing to undo");
    }

    @Test
    @Order(5)
    void aRedeliveredStartMigrationRunsOnceAndIsReportedOnce() throws Exception {
        Migration createAudit =
                new Migration("20261126_010", "create audit", "CREATE TABLE audit (note text)", "DROP TABLE audit");
        Migration insertRow = new Migration(
                "20261126_011",
                "seed audit",
                "INSERT INTO audit VALUES ('seeded')",
                "DELETE FROM audit WHERE note = 'seeded'");
        Command start = command(new StartMigration("ledger", "runway-ledger", List.of(createAudit, insertRow), 600));
        kafka.send(start);
        kafka.send(start);
        // Same release, same partition: once this later command has concluded, the redelivery has been read.
        Command later =
                Command.of(UUID.randomUUID(), start.releaseId(), Instant.now(), Phase.DATABASE_MIGRATION, start.body());
        kafka.send(later);

        List<Event> events = kafka.events(
                start.releaseId(),
                all -> all.stream()
                        .anyMatch(e -> e.commandId().equals(later.commandId())
                                && e.body().concludes()));

        List<Event> ofStart = events.stream()
                .filter(e -> e.commandId().equals(start.commandId()))
                .toList();
        // the redelivery publishes the recorded conclusion again, same event id, which the coordinator drops
        // the backup's line, the rehearsal's, two migrations, four items verified after them
        assertThat(ofStart)
                .extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly(
                        "StepStarted",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepProgressed",
                        "StepSucceeded",
                        "StepSucceeded");
        assertThat(ofStart.get(10)).isEqualTo(ofStart.get(9));
        StepSucceeded again = concluding(events, StepSucceeded.class);
        assertThat(again.summary()).startsWith("all 2 migration(s) were already applied to ledger");
        assertThat(count("ledger", "SELECT count(*) FROM audit")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aMigrationStillRunningAtTheTimeoutIsCancelledAndRolledBack() throws Exception {
        Migration slow = new Migration(
                "20261126_020",
                "slow backfill",
                "CREATE TABLE backfill (id int); SELECT pg_sleep(30)",
                "DROP TABLE backfill");
        Command start = command(new StartMigration("reports", "runway-reports", List.of(slow), 1));
        long began = System.nanoTime();
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(20));
        assertThat(failed.reason())
                .isEqualTo(
                        "migrations did not finish within the timeout of 1s at migration 20261126_020 (slow backfill)");
        assertThat(count("reports", "SELECT count(*) FROM information_schema.tables WHERE table_name = 'backfill'"))
                .isZero();
    }

    @Test
    @Order(7)
    void anUnreadableCommandGoesToTheDeadLetterTopicAndTheNextOneIsStillCarriedOut() {
        String marker = "not-a-command-" + UUID.randomUUID();
        kafka.sendRaw(Topics.MIGRATION_COMMANDS, "key", "{\"garbage\": \"" + marker + "\"");
        Command next = command(new StartMigration("orders", "runway-orders", List.of(CREATE_CUSTOMER), 600));
        kafka.send(next);

        concluding(kafka.events(next.releaseId(), concludedTimes(1)), StepSucceeded.class);
        assertThat(kafka.rawValues(
                        Topics.deadLetter(Topics.MIGRATION_COMMANDS),
                        values -> values.stream().anyMatch(v -> v.contains(marker))))
                .isNotEmpty();
    }

    @Test
    @Order(8)
    void anUnknownDatabaseIsAFailedStepNotAnException() {
        Command start = command(new StartMigration("nowhere", "runway-nowhere", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(failed.reason())
                .isEqualTo(
                        "no database named nowhere is configured in the migrator (runway.databases.\"nowhere\".jdbc-url)");
    }

    @Test
    @Order(9)
    void passwordsAppearNeitherInEventsNorInLogs() throws Exception {
        Command start = command(
                new StartMigration(TargetDatabasesResource.LOCKED_OUT, "runway-vault", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(failed.reason())
                .isEqualTo("migrations could not start:"
                        + " SQLSTATE 28P01 invalid_password (class 28 invalid authorization specification)");
        // every event any test of this class caused, and everything logged so far
        List<String> allEvents =
                kafka.rawValues(Topics.EVENTS, values -> values.stream().anyMatch(v -> v.contains("runway-vault")));
        String log = Files.readString(Path.of("target/migrator-test.log"));
        assertThat(allEvents).hasSizeGreaterThan(20);
        assertThat(log).contains("Migration 20261126_001: SUCCESS");
        for (String secret : List.of(TargetDatabasesResource.PASSWORD, TargetDatabasesResource.WRONG_PASSWORD)) {
            assertThat(allEvents).noneMatch(v -> v.contains(secret));
            assertThat(log).doesNotContain(secret);
        }
    }

    @Test
    @Order(10)
    void aCommandOfAnotherSchemaVersionIsParkedWithItsReasonAndNotCarriedOut() throws Exception {
        Command newer = command(new StartMigration("orders", "runway-newer", List.of(CREATE_CUSTOMER), 600));
        String key = newer.releaseId().toString();
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
        // Same release, same partition: once this later command is answered, the newer one has been read.
        Command later = Command.of(
                UUID.randomUUID(),
                newer.releaseId(),
                Instant.now(),
                Phase.DATABASE_MIGRATION,
                new StartMigration("nowhere", "runway-newer", List.of(CREATE_CUSTOMER), 600));
        kafka.send(later);
        assertThat(kafka.events(newer.releaseId(), concludedTimes(1)))
                .allSatisfy(e -> assertThat(e.commandId()).isEqualTo(later.commandId()));
    }

    @Test
    @Order(11)
    void aUniqueViolationIsReportedByItsSqlStateAndTheDuplicateValueAppearsInNoEventAndNoLogLine() throws Exception {
        String email = "dana.lead+" + UUID.randomUUID() + "@example.com";
        // upper() makes the stored value differ from the SQL text, so only the server's error detail could carry it
        String stored = email.toUpperCase(java.util.Locale.ROOT);
        Migration createSubscriber = new Migration(
                "20261127_001",
                "create subscriber",
                "CREATE TABLE subscriber (email text UNIQUE); INSERT INTO subscriber VALUES (upper('" + email + "'))",
                "DROP TABLE subscriber");
        Migration importSubscribers = new Migration(
                "20261127_002",
                "import subscribers",
                "INSERT INTO subscriber VALUES (upper('" + email + "'))",
                "DELETE FROM subscriber");
        Command start = command(new StartMigration(
                TargetDatabasesResource.NEWSLETTER,
                "runway-newsletter",
                List.of(createSubscriber, importSubscribers),
                600));
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(failed.reason())
                .startsWith("migration 20261127_002 (import subscribers) failed:"
                        + " SQLSTATE 23505 unique_violation (class 23 integrity constraint violation)");
        assertThat(count(
                        TargetDatabasesResource.NEWSLETTER,
                        "SELECT count(*) FROM subscriber WHERE email = '" + stored + "'"))
                .isEqualTo(1);
        assertThat(kafka.rawValues(
                        Topics.EVENTS,
                        start.releaseId().toString(),
                        values -> values.stream().anyMatch(v -> v.contains("StepFailed"))))
                .isNotEmpty()
                .noneMatch(v -> v.contains(stored));
        assertThat(Files.readString(Path.of("target/migrator-test.log")))
                .contains("migration 20261127_002 failed with 23505")
                .doesNotContain(stored);
    }

    @Test
    @Order(12)
    void theMigratorsRoleMayNotTouchAnotherSchemaAndIsToldSoByTheSqlStateOnly() throws Exception {
        Migration intoAccounting = new Migration(
                "20261127_010",
                "ledger in accounting",
                "CREATE TABLE " + TargetDatabasesResource.FOREIGN_SCHEMA + ".ledger (id int)",
                "DROP TABLE " + TargetDatabasesResource.FOREIGN_SCHEMA + ".ledger");
        Command start = command(new StartMigration(
                TargetDatabasesResource.NEWSLETTER, "runway-accounting", List.of(intoAccounting), 600));
        kafka.send(start);

        StepFailed failed = concluding(kafka.events(start.releaseId(), concludedTimes(1)), StepFailed.class);

        assertThat(failed.reason())
                .isEqualTo("migration 20261127_010 (ledger in accounting) failed: SQLSTATE 42501 insufficient_privilege"
                        + " (class 42 syntax error or access rule violation)");
        assertThat(count(
                        TargetDatabasesResource.NEWSLETTER,
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                                + TargetDatabasesResource.FOREIGN_SCHEMA + "'"))
                .isZero();
    }

    @Test
    @Order(13)
    void afterARestartARedeliveredStartMigrationAppliesNothingTwice() throws Exception {
        Migration createJournal = new Migration(
                "20261127_001", "create journal", "CREATE TABLE journal (note text)", "DROP TABLE journal");
        Migration seedJournal = new Migration(
                "20261127_002",
                "seed journal",
                "INSERT INTO journal VALUES ('seeded')",
                "DELETE FROM journal WHERE note = 'seeded'");
        Command start = command(
                new StartMigration("ledger", "runway-ledger-restart", List.of(createJournal, seedJournal), 600));
        kafka.send(start);
        Event concluded = kafka.events(start.releaseId(), concludedTimes(1)).stream()
                .filter(e -> e.body().concludes())
                .findFirst()
                .orElseThrow();

        // A restarted migrator reads its handled-commands log: the redelivery publishes the recorded conclusion only.
        List<Event> republished = new ArrayList<>();
        try (KafkaHandledLog log = new KafkaHandledLog(
                kafkaSettings, workerConfig.handledCommands().topic(), Duration.ofSeconds(30))) {
            HandledCommands handled = new HandledCommands(log, 10);
            handled.load();
            new CommandIntake(handled, republished::add, Clock.systemUTC(), "migrator")
                    .accept(
                            new ConsumerRecord<>(
                                    start.topic(),
                                    0,
                                    0L,
                                    start.releaseId().toString(),
                                    RunwayJson.wire().writeValueAsString(start)),
                            handler);
        }
        assertThat(republished).containsExactly(concluded);

        // A migrator that stopped mid-command carries it out again: Liquibase's changelog applies nothing twice.
        List<Event> again = new ArrayList<>();
        handler.carryOut(start, body -> again.add(Event.answering(start, "migrator", Instant.now(), body)));
        assertThat(again.get(again.size() - 1).body())
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.summary())
                                .startsWith("all 2 migration(s) were already applied to ledger"));
        assertThat(count("ledger", "SELECT count(*) FROM journal")).isEqualTo(1);
    }

    private static Command command(CommandBody body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.DATABASE_MIGRATION, body);
    }

    private static <T extends EventBody> T concluding(List<Event> events, Class<T> type) {
        EventBody last = events.stream()
                .filter(e -> e.body().concludes())
                .reduce((a, b) -> b)
                .orElseThrow()
                .body();
        assertThat(last).as(RunwayJson.class.getSimpleName()).isInstanceOf(type);
        return type.cast(last);
    }

    private static List<String> columns(String database, String table) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '"
                        + table + "' ORDER BY ordinal_position")) {
            List<String> columns = new java.util.ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
            return columns;
        }
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
