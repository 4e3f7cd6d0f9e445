package dev.runway.validator.database;

import static dev.runway.validator.ValidatorFixtures.carryOut;
import static dev.runway.validator.ValidatorFixtures.json;
import static dev.runway.validator.ValidatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.PostgresServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import dev.runway.validator.ValidatorFixtures.CapturedLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight and Phase 9 database checks on a real PostgreSQL server, measured as a role with {@code pg_monitor}
 * (what the validator is given in production): a real {@code pg_sleep(8)} on another connection seen as a slow query
 * and then gone, connections against {@code max_connections} and against a pre-flight baseline, and the size limit.
 */
class DatabaseChecksIT {

    private static final String DATABASE = "shop";
    private static final String ROLE = "runway_validator";
    private static final String PASSWORD = "validator-" + UUID.randomUUID();

    private static PostgresServer postgres;
    private static ValidationCommandHandler validator;
    private final List<Connection> opened = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresServer.start();
        postgres.createDatabase(DATABASE);
        try (Connection c = superuser();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE pg_monitor");
        }
        validator = ValidatorFixtures.handler(connection(PASSWORD));
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    /** Until their server processes are gone too, so that the next test counts only its own. */
    @AfterEach
    void closeConnections() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOnShop() == 0);
    }

    private static int sessionsOnShop() throws SQLException {
        try (Connection c = superuser();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'shop'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aReachableDatabaseAnswersSelectOneAndItsLatencyIsReported() {
        StepSucceeded passed = passed(Phase.PRE_FLIGHT_CHECKS, Check.databaseReachable("database", DATABASE));

        assertThat(passed.summary())
                .matches("1 of 1 checks passed \\(100%\\); database shop answered SELECT 1 in \\d+ ms \\(connected in"
                        + " \\d+ ms\\)");
        assertThat(passed.measurements())
                .extracting(Measurement::name, Measurement::unit, Measurement::status)
                .containsExactly(tuple("database", "ms", Measurement.Status.SUCCESSFUL));
    }

    @Test
    void aDatabaseThatDoesNotAnswerFailsPreFlightAsAnError() {
        ValidationCommandHandler nowhere = ValidatorFixtures.handler(Map.of(
                "runway.validator.databases.\"shop\".jdbc-url", "jdbc:postgresql://127.0.0.1:1/shop",
                "runway.validator.databases.\"shop\".username", ROLE,
                "runway.validator.databases.\"shop\".password", PASSWORD));

        ThresholdBreached breach =
                breached(nowhere, Phase.PRE_FLIGHT_CHECKS, Check.databaseReachable("database", DATABASE));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.DATABASE_UNHEALTHY);
        assertThat(breach.reason()).startsWith("database shop did not answer SELECT 1: PSQLException (SQLSTATE 08001)");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
    }

    @Test
    void aDatabaseTheValidatorHasNoConnectionForFailsNamingTheProperty() {
        ThresholdBreached breach =
                breached(validator, Phase.PRE_FLIGHT_CHECKS, Check.databaseReachable("database", "billing"));

        assertThat(breach.reason())
                .isEqualTo("database billing did not answer SELECT 1: the validator has no connection for database"
                        + " billing (runway.validator.databases.\"billing\".jdbc-url, .username, .password)");
    }

    @Test
    void aQueryRunningLongerThanFiveSecondsIsSeenWithItsPidAndThenGone() throws Exception {
        Connection other = open();
        int pid = pid(other);
        CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
            try (Statement s = other.createStatement()) {
                s.execute("SELECT pg_sleep(8) /* password 'hunter2' */");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Check slowQueries = Check.databaseSlowQueries("slow-queries", DATABASE, 5, null);

        ThresholdBreached seen = await().atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> carryOut(validator, Phase.PRE_FLIGHT_CHECKS, run(Phase.PRE_FLIGHT_CHECKS, slowQueries))
                                                .get(1)
                                        instanceof ThresholdBreached b
                                ? b
                                : null,
                        b -> b != null);

        assertThat(seen.trigger()).isEqualTo(RollbackTrigger.DATABASE_UNHEALTHY);
        assertThat(seen.reason())
                .matches("1 query on database shop active longer than 5 s: pid " + pid
                        + " for [5-8] s: SELECT pg_sleep\\(\\?\\)")
                .doesNotContain("hunter2");
        assertThat(seen.measurements())
                .extracting(Measurement::value, Measurement::unit, Measurement::status)
                .containsExactly(tuple("1", "queries", Measurement.Status.FAILED));

        sleeping.get();
        StepSucceeded gone = passed(Phase.PRE_FLIGHT_CHECKS, slowQueries);
        assertThat(gone.summary()).endsWith("; no query on database shop active longer than 5 s");
    }

    @Test
    void phase9CountsOnlySlowQueriesStartedSincePreFlight() throws Exception {
        Connection other = open();
        CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
            try (Statement s = other.createStatement()) {
                s.execute("SELECT pg_sleep(3)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !slowOnes(1).isEmpty());

        Instant afterItStarted = Instant.now().plusSeconds(1);
        StepSucceeded old = passed(
                Phase.POST_DEPLOYMENT_VERIFICATION,
                Check.databaseSlowQueries("new-slow-queries", DATABASE, 1, afterItStarted));
        assertThat(old.summary())
                .endsWith("; no query on database shop active longer than 1 s started since " + afterItStarted);

        ThresholdBreached any = breached(
                validator,
                Phase.POST_DEPLOYMENT_VERIFICATION,
                Check.databaseSlowQueries("new-slow-queries", DATABASE, 1, afterItStarted.minusSeconds(60)));
        assertThat(any.reason()).contains("SELECT pg_sleep(?)");
        sleeping.get();
    }

    @Test
    void connectionsBelowTheirShareOfMaxConnectionsPassAndReportTheBaseline() throws Exception {
        open();
        open();

        StepSucceeded passed =
                passed(Phase.PRE_FLIGHT_CHECKS, Check.databaseConnections("database-connections", DATABASE, 80));

        assertThat(passed.summary())
                .matches("1 of 1 checks passed \\(100%\\); \\d+ connections of max_connections \\d+ \\(\\d+%\\) < 80%;"
                        + " 2 to database shop \\(0 active\\)");
        assertThat(passed.outputs())
                .containsEntry(StepSucceeded.Outputs.DATABASE_CONNECTIONS, "2")
                .containsKey(StepSucceeded.Outputs.DATABASE_MEASURED_AT);
    }

    @Test
    void connectionsAtALowThresholdFailNamingTheCount() throws Exception {
        open();
        open();
        open();

        ThresholdBreached breach = breached(
                validator, Phase.PRE_FLIGHT_CHECKS, Check.databaseConnections("database-connections", DATABASE, 1));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.DATABASE_UNHEALTHY);
        assertThat(breach.reason())
                .matches("\\d+ connections of max_connections \\d+ \\(\\d+%\\) >= 1%; 3 to database"
                        + " shop \\(0 active\\)");
    }

    @Test
    void phase9ConnectionsWithinTheBaselinePassAndBeyondItFail() throws Exception {
        open();
        StepSucceeded preFlight =
                passed(Phase.PRE_FLIGHT_CHECKS, Check.databaseConnections("database-connections", DATABASE, 80));
        int baseline = Integer.parseInt(preFlight.outputs().get(StepSucceeded.Outputs.DATABASE_CONNECTIONS));
        Check withinBaseline = Check.databaseConnectionsWithin("database-connections", DATABASE, baseline, 20, 2);
        open();
        open();

        StepSucceeded within = passed(Phase.POST_DEPLOYMENT_VERIFICATION, withinBaseline);
        assertThat(within.summary())
                .endsWith("; database shop has 3 connections (0 active) <= 3: pre-flight 1 +20%, at least +2");

        open();
        ThresholdBreached beyond = breached(validator, Phase.POST_DEPLOYMENT_VERIFICATION, withinBaseline);
        assertThat(beyond.trigger()).isEqualTo(RollbackTrigger.DATABASE_UNHEALTHY);
        assertThat(beyond.reason())
                .isEqualTo("database shop has 4 connections (0 active) > 3: pre-flight 1 +20%, at least +2");
    }

    @Test
    void aDatabaseBelowItsSizeLimitPassesAndOneAboveFails() {
        StepSucceeded below = passed(Phase.PRE_FLIGHT_CHECKS, Check.databaseSize("database-size", DATABASE, 1L << 30));
        assertThat(below.summary())
                .matches(".*; database shop is \\d+\\.\\d MB \\(\\d+\\.\\d% of its limit\\) < 1\\.0 GB");

        ThresholdBreached above =
                breached(validator, Phase.PRE_FLIGHT_CHECKS, Check.databaseSize("database-size", DATABASE, 1024));
        assertThat(above.trigger()).isEqualTo(RollbackTrigger.DATABASE_UNHEALTHY);
        assertThat(above.reason()).matches("database shop is \\d+\\.\\d MB \\(\\d+\\.\\d% of its limit\\) >= 1\\.0 kB");
        assertThat(above.measurements())
                .extracting(Measurement::unit, Measurement::status)
                .containsExactly(tuple("bytes", Measurement.Status.FAILED));
    }

    @Test
    void aRoleWithoutPgMonitorCannotClaimThereAreNoSlowQueries() throws Exception {
        String plainPassword = "plain-" + UUID.randomUUID();
        try (Connection c = superuser();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE plain_validator LOGIN PASSWORD '" + plainPassword + "'");
        }
        open();
        ValidationCommandHandler withoutPgMonitor = ValidatorFixtures.handler(Map.of(
                "runway.validator.databases.\"shop\".jdbc-url",
                postgres.jdbcUrl(DATABASE),
                "runway.validator.databases.\"shop\".username",
                "plain_validator",
                "runway.validator.databases.\"shop\".password",
                plainPassword));

        List<EventBody> events = carryOut(
                withoutPgMonitor,
                Phase.PRE_FLIGHT_CHECKS,
                run(
                        Phase.PRE_FLIGHT_CHECKS,
                        Check.databaseConnections("database-connections", DATABASE, 80),
                        Check.databaseSlowQueries("slow-queries", DATABASE, 5, null)));

        ThresholdBreached breach = (ThresholdBreached) events.get(1);
        assertThat(breach.reason())
                .isEqualTo("no query seen on database shop active longer than 5 s, but the state of 1 session could"
                        + " not be read: grant pg_monitor to the validator's role");
        assertThat(breach.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(
                        tuple(
                                "database-connections",
                                breach.measurements().get(0).value(),
                                Measurement.Status.SUCCESSFUL),
                        tuple("slow-queries", "unknown", Measurement.Status.ERROR));
    }

    /**
     * The embedded server trusts local connections, so a wrong password is not refused here; the error path is a
     * server that is not there, and the masking of a message that quotes the password is {@code DatabaseChecksTest}'s.
     */
    @Test
    void thePasswordAppearsInNoEventMeasurementOrLogLine() {
        List<EventBody> events = new ArrayList<>();
        try (CapturedLog log = new CapturedLog()) {
            events.addAll(carryOut(
                    ValidatorFixtures.handler(Map.of(
                            "runway.validator.databases.\"shop\".jdbc-url", "jdbc:postgresql://127.0.0.1:1/shop",
                            "runway.validator.databases.\"shop\".username", ROLE,
                            "runway.validator.databases.\"shop\".password", PASSWORD)),
                    Phase.PRE_FLIGHT_CHECKS,
                    run(Phase.PRE_FLIGHT_CHECKS, Check.databaseReachable("database", DATABASE))));
            events.addAll(carryOut(
                    validator,
                    Phase.PRE_FLIGHT_CHECKS,
                    run(
                            Phase.PRE_FLIGHT_CHECKS,
                            Check.databaseReachable("database", DATABASE),
                            Check.databaseConnections("database-connections", DATABASE, 80),
                            Check.databaseSlowQueries("slow-queries", DATABASE, 5, null),
                            Check.databaseSize("database-size", DATABASE, 1L << 30))));

            assertThat(((ThresholdBreached) events.get(1)).reason())
                    .startsWith("database shop did not answer SELECT 1: PSQLException (SQLSTATE 08001)");
            assertThat(events.get(3)).isInstanceOf(StepSucceeded.class);
            assertThat(log.text()).contains("org.postgresql");
            assertThat(json(events)).doesNotContain(PASSWORD);
            assertThat(log.text()).doesNotContain(PASSWORD);
        }
    }

    private static Map<String, String> connection(String password) {
        return Map.of(
                "runway.validator.databases.\"shop\".jdbc-url", postgres.jdbcUrl(DATABASE),
                "runway.validator.databases.\"shop\".username", ROLE,
                "runway.validator.databases.\"shop\".password", password);
    }

    private StepSucceeded passed(Phase phase, Check check) {
        EventBody verdict = carryOut(validator, phase, run(phase, check)).get(1);
        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        return (StepSucceeded) verdict;
    }

    private static ThresholdBreached breached(ValidationCommandHandler handler, Phase phase, Check check) {
        EventBody verdict = carryOut(handler, phase, run(phase, check)).get(1);
        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        return (ThresholdBreached) verdict;
    }

    /** Slow queries as the validator sees them, to wait until one is under way. */
    private static List<DatabaseSnapshot.SlowQuery> slowOnes(int seconds) {
        DatabaseSnapshot snapshot = new JdbcDatabaseHealth(ValidatorFixtures.config(connection(PASSWORD)))
                .measure(DATABASE, Duration.ofSeconds(seconds));
        return snapshot.state() == null ? List.of() : snapshot.state().slowQueries();
    }

    /** The application's own sessions: a superuser's, which the validator's role sees through pg_monitor. */
    private Connection open() throws SQLException {
        Connection c = superuserOn(DATABASE);
        opened.add(c);
        return c;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection superuser() throws SQLException {
        return superuserOn("postgres");
    }

    private static Connection superuserOn(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
