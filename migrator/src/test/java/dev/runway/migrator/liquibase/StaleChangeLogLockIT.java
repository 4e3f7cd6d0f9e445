package dev.runway.migrator.liquibase;

import static dev.runway.infra.KafkaTestClient.concludedTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.migrator.BackupServicesResource;
import dev.runway.migrator.TargetDatabasesResource;
import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Migration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Liquibase's changelog lock left behind by a migrator that died, on a real PostgreSQL: released when no live session
 * can hold it, left alone while one may, and recovered after a migrator JVM killed with SIGKILL mid-migration.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
class StaleChangeLogLockIT {

    private static final Migration CREATE_SHELF = new Migration(
            "20261127_101", "create shelf", "CREATE TABLE shelf (id integer PRIMARY KEY)", "DROP TABLE shelf");
    private static final Migration STOCK_SHELF = new Migration(
            "20261127_102", "stock shelf", "INSERT INTO shelf VALUES (1)", "DELETE FROM shelf WHERE id = 1");
    /** How a migrator in another pod signs the lock it holds. */
    private static final String ANOTHER_MIGRATOR = "migrator-7d9f-x2k4q#runway-migrator (10.1.4.7)";

    private final KafkaTestClient kafka =
            new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    @Inject
    MeterRegistry meters;

    private Process doomed;

    @AfterEach
    void killTheDoomedMigrator() {
        if (doomed != null) {
            doomed.destroyForcibly();
        }
    }

    @Test
    void aLockLeftByAMigratorWhoseSessionIsGoneIsReleasedAndTheMigrationGoesOn() throws Exception {
        String db = "warehouse";
        migrate(db, "runway-warehouse", List.of(CREATE_SHELF));
        lockAsIf(db, ANOTHER_MIGRATOR, "now() - interval '3 minutes'");
        double before = released(db, "runway");

        Command start = command(new StartMigration(db, "runway-warehouse", List.of(CREATE_SHELF, STOCK_SHELF), 600));
        kafka.send(start);

        StepSucceeded done = concluding(kafka.answering(start, Duration.ofSeconds(60)), StepSucceeded.class);
        assertThat(done.summary()).startsWith("1 migration(s) applied to warehouse");
        assertThat(released(db, "runway")).isEqualTo(before + 1);
        assertThat(lockedBy(db)).isNull();
        assertThat(Files.readString(Path.of("target/migrator-test.log")))
                .containsPattern("released the stale changelog lock of database warehouse, held since \\S+ by "
                        + "migrator-7d9f-x2k4q#runway-migrator \\(10\\.1\\.4\\.7\\): no migrator session holds it"
                        + " \\(found and released in \\d+ ms\\)")
                .doesNotContain(TargetDatabasesResource.PASSWORD);

        // the same command again: its recorded conclusion, nothing applied twice
        kafka.send(start);
        List<Event> events = kafka.events(start.releaseId(), concludedTimes(2));
        assertThat(events.stream().filter(e -> e.body().concludes()).map(Event::eventId))
                .hasSize(2)
                .containsOnly(events.stream()
                        .filter(e -> e.body().concludes())
                        .findFirst()
                        .orElseThrow()
                        .eventId());
        assertThat(count(db, "SELECT count(*) FROM shelf")).isEqualTo(1);
        assertThat(released(db, "runway")).isEqualTo(before + 1);
    }

    @Test
    void aLockWhoseMigratorSessionIsAliveIsLeftAloneAndTheNextMigrationTakesOverWhenThatSessionEnds() throws Exception {
        String db = "payroll";
        migrate(db, "runway-payroll", List.of(CREATE_SHELF));
        double before = released(db, "runway");
        try (Connection running = TargetDatabasesResource.admin(db)) {
            // what a migrator holds while it migrates: the session's advisory lock and Liquibase's row
            try (Statement s = running.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + ChangeLogLock.NAMESPACE + ", " + ChangeLogLock.PUBLIC_KEY + ")");
            }
            lockAsIf(running, ANOTHER_MIGRATOR, "now()");
            int pid = backendPid(running);

            Command impatient =
                    command(new StartMigration(db, "runway-payroll-2", List.of(CREATE_SHELF, STOCK_SHELF), 3));
            kafka.send(impatient);

            StepFailed failed = concluding(kafka.answering(impatient, Duration.ofSeconds(60)), StepFailed.class);
            assertThat(failed.reason())
                    .matches("migrations could not start: another migration holds the lock on database payroll since"
                            + " \\S+ \\(migrator-7d9f-x2k4q#runway-migrator \\(10\\.1\\.4\\.7\\)\\), and session pid "
                            + pid + " is alive; gave up after 3\\.\\ds");
            assertThat(lockedBy(db)).isEqualTo(ANOTHER_MIGRATOR);
            assertThat(count(db, "SELECT count(*) FROM shelf")).isZero();

            Command patient =
                    command(new StartMigration(db, "runway-payroll-2", List.of(CREATE_SHELF, STOCK_SHELF), 600));
            kafka.send(patient);
            await("the next migration waiting for the live session's lock")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> waitingForTheAdvisoryLock(db) == 1);
            assertThat(released(db, "runway")).isEqualTo(before);
            Instant sessionEnded = Instant.now();
            running.close();

            List<Event> answers = kafka.answering(patient, Duration.ofSeconds(60));
            StepSucceeded done = concluding(answers, StepSucceeded.class);
            Event concluded = answers.stream()
                    .filter(e -> e.body().concludes())
                    .findFirst()
                    .orElseThrow();
            System.out.println("migration concluded "
                    + Duration.between(sessionEnded, concluded.occurredAt()).toMillis()
                    + " ms after the session holding the lock ended");
            assertThat(done.summary()).startsWith("1 migration(s) applied to payroll");
        }
        assertThat(released(db, "runway")).isEqualTo(before + 1);
        assertThat(count(db, "SELECT count(*) FROM shelf")).isEqualTo(1);
    }

    @Test
    void anotherToolsLockIsLeftWhileAnyOtherSessionIsConnectedAndReleasedOnceNoneIs() throws Exception {
        String db = "tickets";
        migrate(db, "runway-tickets", List.of(CREATE_SHELF));
        lockAsIf(db, "dana-laptop (192.168.1.7)", "now() - interval '1 hour'");
        double before = released(db, "other");

        try (Connection application = TargetDatabasesResource.admin(db)) {
            Command start = command(new StartMigration(db, "runway-tickets-2", List.of(CREATE_SHELF, STOCK_SHELF), 3));
            kafka.send(start);

            StepFailed failed = concluding(kafka.answering(start, Duration.ofSeconds(60)), StepFailed.class);
            assertThat(failed.reason())
                    .startsWith("migrations could not start: Liquibase's lock on database tickets is held since ")
                    .containsPattern(" by dana-laptop \\(192\\.168\\.1\\.7\\), not a Runway migrator, and \\d+ other"
                            + " session\\(s\\) are connected, so it may still be running; gave up after 3\\.\\ds\\. ")
                    .endsWith("UPDATE public.databasechangeloglock SET locked = false, lockgranted = NULL,"
                            + " lockedby = NULL WHERE id = 1");
            assertThat(lockedBy(db)).isEqualTo("dana-laptop (192.168.1.7)");
            assertThat(application.isValid(1)).isTrue();
        }

        Command again = command(new StartMigration(db, "runway-tickets-2", List.of(CREATE_SHELF, STOCK_SHELF), 600));
        kafka.send(again);

        assertThat(concluding(kafka.answering(again, Duration.ofSeconds(60)), StepSucceeded.class)
                        .summary())
                .startsWith("1 migration(s) applied to tickets");
        assertThat(released(db, "other")).isEqualTo(before + 1);
    }

    @Test
    void aMigratorKilledMidMigrationIsRecoveredFromAndNothingIsAppliedTwice() throws Exception {
        String db = "catalog";
        doomed = startTheDoomedMigrator(db);
        waitForItToApply(doomed, DoomedMigrator.MIGRATIONS.get(0).id());
        await("the doomed migrator in its second migration")
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                db,
                                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                        + DoomedMigrator.APPLICATION_NAME + "' AND query LIKE '%pg_sleep%'"
                                        + " AND state = 'active'")
                        == 1);
        assertThat(lockedBy(db)).as("signed by the doomed migrator's Liquibase").contains("#runway-migrator (");
        double before = released(db, "runway");

        doomed.destroyForcibly();
        Instant killed = Instant.now();
        assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(doomed.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        Command start = command(new StartMigration(db, DoomedMigrator.RESTORE_POINT, DoomedMigrator.MIGRATIONS, 600));
        kafka.send(start);
        await("the killed migrator's session ended by the server")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(
                                db,
                                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                        + DoomedMigrator.APPLICATION_NAME + "'")
                        == 0);
        Duration sessionGone = Duration.between(killed, Instant.now());

        List<Event> answers = kafka.answering(start, Duration.ofSeconds(60));
        StepSucceeded done = concluding(answers, StepSucceeded.class);
        Event concluded =
                answers.stream().filter(e -> e.body().concludes()).findFirst().orElseThrow();
        System.out.println("killed migrator: its session ended within " + sessionGone.toMillis()
                + " ms; the next migration concluded "
                + Duration.between(killed, concluded.occurredAt()).toMillis() + " ms after the kill");
        assertThat(done.summary()).startsWith("1 migration(s) applied to catalog");
        assertThat(done.outputs())
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE, "20261127_201")
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "20261127_202");
        assertThat(released(db, "runway")).isEqualTo(before + 1);

        // redelivered: the recorded conclusion again; and a new command for the same migrations applies nothing
        kafka.send(start);
        Command repeated =
                command(new StartMigration(db, DoomedMigrator.RESTORE_POINT, DoomedMigrator.MIGRATIONS, 600));
        kafka.send(repeated);
        assertThat(concluding(kafka.answering(repeated, Duration.ofSeconds(60)), StepSucceeded.class)
                        .summary())
                .startsWith("all 2 migration(s) were already applied to catalog");
        assertThat(kafka.events(start.releaseId(), concludedTimes(2)).stream()
                        .filter(e -> e.body().concludes())
                        .map(Event::eventId)
                        .distinct())
                .hasSize(1);
        assertThat(count(db, "SELECT count(*) FROM product")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM databasechangelog WHERE id = '20261127_201'"))
                .isEqualTo(1);
        assertThat(released(db, "runway")).isEqualTo(before + 1);
    }

    private Process startTheDoomedMigrator(String db) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        DoomedMigrator.class.getName(),
                        TargetDatabasesResource.server().jdbcUrl(db),
                        TargetDatabasesResource.ROLE)
                .redirectError(new File("target/doomed-migrator.err"));
        builder.environment().put(DoomedMigrator.PASSWORD_VARIABLE, TargetDatabasesResource.PASSWORD);
        return builder.start();
    }

    private static void waitForItToApply(Process migrator, String migrationId) throws Exception {
        // not closed: closing the pipe would stop the migrator before it is killed
        BufferedReader out =
                new BufferedReader(new InputStreamReader(migrator.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = out.readLine();
            assertThat(line).as("the doomed migrator's output").isNotNull();
        } while (!line.equals(DoomedMigrator.APPLIED + migrationId));
    }

    private void migrate(String db, String restorePoint, List<Migration> migrations) {
        Command start = command(new StartMigration(db, restorePoint, migrations, 600));
        kafka.send(start);
        concluding(kafka.answering(start, Duration.ofSeconds(60)), StepSucceeded.class);
    }

    private double released(String db, String holder) {
        Counter counter = meters.find("runway.migrator.stale.locks.released")
                .tag("database", db)
                .tag("holder", holder)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void lockAsIf(String db, String lockedBy, String granted) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db)) {
            lockAsIf(c, lockedBy, granted);
        }
    }

    private static void lockAsIf(Connection c, String lockedBy, String granted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE databasechangeloglock SET locked = true, lockgranted = "
                + granted + ", lockedby = ? WHERE id = 1 AND NOT locked")) {
            s.setString(1, lockedBy);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static String lockedBy(String db) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT lockedby FROM databasechangeloglock WHERE id = 1 AND locked")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long waitingForTheAdvisoryLock(String db) throws SQLException {
        return count(
                db,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = "
                        + ChangeLogLock.NAMESPACE + " AND objid = " + ChangeLogLock.PUBLIC_KEY + " AND objsubid = 2");
    }

    private static long count(String db, String sql) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Command command(StartMigration body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.DATABASE_MIGRATION, body);
    }

    private static <T extends EventBody> T concluding(List<Event> events, Class<T> type) {
        EventBody last = events.stream()
                .filter(e -> e.body().concludes())
                .reduce((a, b) -> b)
                .orElseThrow()
                .body();
        assertThat(last).isInstanceOf(type);
        return type.cast(last);
    }
}
