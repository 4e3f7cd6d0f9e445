package dev.runway.migrator.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.migrator.MigrationCommandHandler;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.TargetDatabasesResource;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.Migration;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runbook Steps 2.4 and 2.5 on a real PostgreSQL, through the migrator's handler: each release migrates its own
 * database as the migrator's role (owner of the schema, nothing else), then the verification reports what it measured.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseVerificationIT {

    private static final Migration CREATE_ORDERS = new Migration(
            "20261127_201",
            "create customers and orders",
            "CREATE TABLE customer (id integer PRIMARY KEY);"
                    + " CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customer (id),"
                    + " total numeric NOT NULL CHECK (total >= 0));"
                    + " INSERT INTO customer VALUES (1), (2);"
                    + " INSERT INTO orders VALUES (10, 1, 5), (11, 2, 7), (12, NULL, 0)",
            "DROP TABLE orders; DROP TABLE customer");

    @Inject
    MigrationCommandHandler handler;

    /**
     * A release that brings migrations an earlier release applied, after later ones: its last migration is behind the
     * schema version, which is not corruption (the local stack's releases do this).
     */
    @Test
    void aReleaseWhoseMigrationsWereAppliedBeforeLaterOnesPassesSayingSo() {
        Migration later = new Migration(
                "20261127_209",
                "add a note",
                "ALTER TABLE orders ADD COLUMN note text",
                "ALTER TABLE orders DROP COLUMN note");
        List<EventBody> first =
                carryOut(command(new StartMigration("reissued", "runway-first", List.of(CREATE_ORDERS, later), 600)));
        assertThat(first.get(first.size() - 1)).isInstanceOf(StepSucceeded.class);

        List<EventBody> again =
                carryOut(command(new StartMigration("reissued", "runway-again", List.of(CREATE_ORDERS), 600)));

        assertThat(again.get(again.size() - 1)).isInstanceOf(StepSucceeded.class);
        assertThat(progress(again))
                .contains("schema version 20261127_209: target 20261127_201 (the release's last migration) is applied,"
                        + " and later migrations are too");
    }

    @Test
    void aCleanMigrationPassesEveryItemWithItsFiguresAndARedeliveryVerifiesAgain() throws Exception {
        Migration addCoupon = new Migration(
                "20261127_202",
                "add coupon code",
                "ALTER TABLE orders ADD COLUMN coupon_code text;"
                        + " ALTER TABLE orders ADD CONSTRAINT orders_coupon_code_short CHECK (length(coupon_code) < 20)"
                        + " NOT VALID",
                "ALTER TABLE orders DROP COLUMN coupon_code");
        DatabaseVerification verification = new DatabaseVerification(
                Map.of("orders", List.of("id", "customer_id", "coupon_code"), "public.customer", List.of()),
                List.of(
                        new DatabaseVerification.Check("no_negative_totals", "SELECT id FROM orders WHERE total < 0;"),
                        // '?' is jsonb's operator here, not a parameter
                        new DatabaseVerification.Check(
                                "no_flagged_orders",
                                "SELECT id FROM orders WHERE jsonb_build_object('id', id) ? 'flagged'")));
        Command start = command(new StartMigration(
                "verified", "runway-verified", List.of(CREATE_ORDERS, addCoupon), 600, verification));
        // another application's schema, which the migrator's role may not read: named as not checked, never counted
        try (Connection c = TargetDatabasesResource.admin("verified");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA accounting; CREATE TABLE accounting.account (id integer PRIMARY KEY);"
                    + " CREATE TABLE accounting.entry (account_id integer REFERENCES accounting.account (id))");
        }

        List<EventBody> events = carryOut(start);

        // after the backup's line, the rehearsal's and the two migrations
        List<String> verified = progress(events).subList(4, 10);
        assertThat(verified)
                .containsExactly(
                        "schema version 20261127_202 = target 20261127_202 (the release's last migration)",
                        "tables and columns: 2 table(s) and 3 column(s) expected, all present",
                        "referential integrity: 1 foreign key(s), 0 orphan row(s); 1 foreign key(s) not checked, the"
                                + " migrator may not read their tables: foreign key entry_account_id_fkey on"
                                + " accounting.entry",
                        "check constraints: 2, 1 NOT VALID validated against the rows, 0 row(s) violate them",
                        "indexes: " + validIndexes("verified") + " valid, 0 invalid",
                        "check no_negative_totals: 0 row(s)");
        assertThat(progress(events)).last().isEqualTo("check no_flagged_orders: 0 row(s)");
        StepSucceeded done = (StepSucceeded) events.get(events.size() - 1);
        assertThat(done.summary())
                .startsWith("2 migration(s) applied to verified")
                .contains("; verified: schema version 20261127_202 = target 20261127_202")
                .endsWith("check no_negative_totals: 0 row(s); check no_flagged_orders: 0 row(s)");
        assertThat(done.measurements())
                .filteredOn(m -> m.name().equals("orphanRows") || m.name().equals("indexes.invalid"))
                .extracting(Measurement::value, Measurement::status)
                .containsOnly(tuple("0", Measurement.Status.SUCCESSFUL));

        // redelivered after a restart: nothing to apply, the same facts measured again
        List<EventBody> again = carryOut(start);

        assertThat(((StepSucceeded) again.get(again.size() - 1)).summary())
                .startsWith("all 2 migration(s) were already applied to verified");
        assertThat(progress(again)).containsAll(verified);
        assertThat(count("verified", "SELECT count(*) FROM orders")).isEqualTo(3);
    }

    /** A migration that breaks a foreign key and hides it behind NOT VALID, on names that must be quoted. */
    @Test
    void orphanRowsBehindANotValidForeignKeyFailPhaseTwoAsDatabaseCorruptionNamingTheConstraint() throws Exception {
        Migration lines = new Migration(
                "20261127_202",
                "order lines",
                "CREATE TABLE \"Order Line\" (\"Order Id\" integer CONSTRAINT \"Line's order\" REFERENCES orders (id));"
                        + " INSERT INTO \"Order Line\" VALUES (10), (11), (11), (NULL)",
                "DROP TABLE \"Order Line\"");
        Migration purge = new Migration(
                "20261127_203",
                "purge order 11",
                "ALTER TABLE \"Order Line\" DROP CONSTRAINT \"Line's order\";"
                        + " DELETE FROM orders WHERE id = 11;"
                        + " ALTER TABLE \"Order Line\" ADD CONSTRAINT \"Line's order\" FOREIGN KEY (\"Order Id\")"
                        + " REFERENCES orders (id) NOT VALID",
                "SELECT 1");
        Command start =
                command(new StartMigration("orphaned", "runway-orphaned", List.of(CREATE_ORDERS, lines, purge), 600));

        List<EventBody> events = carryOut(start);

        assertThat(progress(events))
                .contains("referential integrity: 2 foreign key(s) (1 NOT VALID), 2 orphan row(s): foreign key"
                        + " Line's order on public.\"Order Line\" (NOT VALID) has 2 orphan row(s)");
        StepFailed failed = (StepFailed) events.get(events.size() - 1);
        assertThat(failed.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
        assertThat(failed.reason())
                .startsWith("database verification failed: referential integrity: 2 foreign key(s) (1 NOT VALID), 2"
                        + " orphan row(s): foreign key Line's order on public.\"Order Line\" (NOT VALID) has 2 orphan"
                        + " row(s); after 3 migration(s) applied to orphaned")
                .contains("(they stay applied until rolled back)")
                .contains("also measured: schema version 20261127_203 = target 20261127_203");
        assertThat(failed.measurements())
                .filteredOn(m -> m.name().equals("orphanRows"))
                .singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo("2"))
                .satisfies(m -> assertThat(m.status()).isEqualTo(Measurement.Status.FAILED));
    }

    /** CREATE UNIQUE INDEX CONCURRENTLY over duplicates fails and leaves its index behind, invalid. */
    @Test
    void anInvalidIndexFailsTheVerificationAlsoWhenTheMigrationsWereAlreadyApplied() throws Exception {
        Migration subscribers = new Migration(
                "20261127_210",
                "create subscriber",
                "CREATE TABLE subscriber (email text); INSERT INTO subscriber VALUES ('a@example.com'), ('a@example.com')",
                "DROP TABLE subscriber");
        Command start = command(new StartMigration("unindexed", "runway-unindexed", List.of(subscribers), 600));
        assertThat(carryOut(start)).last().isInstanceOf(StepSucceeded.class);
        try (Connection c = TargetDatabasesResource.admin("unindexed");
                Statement s = c.createStatement()) {
            s.execute("CREATE UNIQUE INDEX CONCURRENTLY subscriber_email_key ON subscriber (email)");
        } catch (SQLException duplicates) {
            assertThat(duplicates.getSQLState()).isEqualTo("23505");
        }
        assertThat(count("unindexed", "SELECT count(*) FROM pg_index WHERE NOT indisvalid"))
                .isEqualTo(1);

        List<EventBody> events = carryOut(start);

        String indexes = "indexes: " + validIndexes("unindexed") + " valid, 1 invalid: public.subscriber_email_key";
        assertThat(progress(events)).contains(indexes);
        StepFailed failed = (StepFailed) events.get(events.size() - 1);
        assertThat(failed.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
        assertThat(failed.reason())
                .startsWith("database verification failed: " + indexes
                        + "; after all 1 migration(s) were already applied to unindexed");
    }

    @Test
    void aMissingExpectedColumnOrTableFailsNamingIt() throws Exception {
        DatabaseVerification verification = new DatabaseVerification(
                Map.of("orders", List.of("id", "coupon_code"), "refunds", List.of()), List.of());
        Command start = command(
                new StartMigration("incomplete", "runway-incomplete", List.of(CREATE_ORDERS), 600, verification));

        List<EventBody> events = carryOut(start);

        StepFailed failed = (StepFailed) events.get(events.size() - 1);
        assertThat(failed.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
        assertThat(failed.reason())
                .startsWith("database verification failed: tables and columns: 2 table(s) and 2 column(s) expected,"
                        + " missing: ")
                .contains("column orders.coupon_code")
                .contains("table refunds");
    }

    /**
     * A release check that finds rows fails with their number, never their values; one that would write is stopped by
     * the read-only transaction, and is reported as not run, by its SQLSTATE.
     */
    @Test
    void aReleaseCheckReturningRowsFailsWithTheirCountAndNoneOfTheirValues() throws Exception {
        String email = "Dana.Lead+" + UUID.randomUUID() + "@Example.com";
        Migration subscribers = new Migration(
                "20261127_220",
                "create subscriber",
                "CREATE TABLE subscriber (id serial PRIMARY KEY, email text);"
                        + " INSERT INTO subscriber (email) VALUES ('" + email + "'), ('kim@example.com')",
                "DROP TABLE subscriber");
        DatabaseVerification verification = new DatabaseVerification(
                Map.of(),
                List.of(
                        new DatabaseVerification.Check(
                                "emails_lower_case", "SELECT email FROM subscriber WHERE email <> lower(email)"),
                        new DatabaseVerification.Check(
                                "takes_an_id",
                                "SELECT id FROM (SELECT nextval('subscriber_id_seq') AS id) AS taken WHERE id < 0")));
        Command start =
                command(new StartMigration("audited", "runway-audited", List.of(subscribers), 600, verification));
        List<EventBody> events = carryOut(start);

        assertThat(progress(events))
                .contains(
                        "check emails_lower_case: 1 row(s), expected none",
                        "check takes_an_id could not run: SQLSTATE 25006 read_only_sql_transaction (class 25 invalid"
                                + " transaction state)");
        StepFailed failed = (StepFailed) events.get(events.size() - 1);
        assertThat(failed.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
        assertThat(failed.reason())
                .startsWith("database verification failed: check emails_lower_case: 1 row(s), expected none; check"
                        + " takes_an_id could not run");
        String wire = RunwayJson.wire().writeValueAsString(events);
        assertThat(wire).doesNotContainIgnoringCase(email).contains("emails_lower_case");
        assertThat(Files.readString(Path.of("target/migrator-test.log")))
                .contains("check emails_lower_case: 1 row(s), expected none")
                .doesNotContain(email.toLowerCase(Locale.ROOT))
                .doesNotContain(email);
        // the two rows the migration inserted took 1 and 2; the check's nextval took none
        assertThat(count("audited", "SELECT last_value FROM subscriber_id_seq")).isEqualTo(2);
    }

    /**
     * The verification's time bounds every query: a check still running when it is up is cancelled on the server and
     * reported as not run, and the step fails without claiming corruption.
     */
    @Test
    void aCheckStillRunningWhenTheVerificationsTimeIsUpIsCancelledAndNotCountedAsPassed() throws Exception {
        Migration journal = new Migration(
                "20261127_230", "create journal", "CREATE TABLE journal (note text)", "DROP TABLE journal");
        DatabaseVerification slow = new DatabaseVerification(
                Map.of(), List.of(new DatabaseVerification.Check("slow", "SELECT 1 FROM pg_sleep(30)")));
        StartMigration start = new StartMigration("unhurried", "runway-unhurried", List.of(journal), 600, slow);
        carryOut(command(new StartMigration("unhurried", "runway-unhurried", List.of(journal), 600)));
        DatabaseVerifier oneSecond =
                new DatabaseVerifier(() -> Duration.ofSeconds(1), new Redactor(List.of()), Clock.systemUTC());
        TargetDatabase target = new TargetDatabase(
                "unhurried",
                TargetDatabasesResource.server().jdbcUrl("unhurried"),
                TargetDatabasesResource.ROLE,
                TargetDatabasesResource.PASSWORD);
        long began = System.nanoTime();

        Verification verification = oneSecond.verify(target, start, finding -> {});

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(verification.findings())
                .extracting(Finding::fact)
                .last()
                .isEqualTo("check slow could not run: the verification's timeout of 1s passed");
        assertThat(verification.passed()).isFalse();
        assertThat(verification.corrupt()).isFalse();
        assertThat(verification.after(new StepSucceeded("1 migration(s) applied", List.of(), Map.of())))
                .isInstanceOfSatisfying(
                        StepFailed.class, f -> assertThat(f.trigger()).isNull());
    }

    private List<EventBody> carryOut(Command command) {
        List<EventBody> events = new ArrayList<>();
        handler.carryOut(command, events::add);
        assertThat(events.stream().filter(EventBody::concludes)).hasSize(1);
        return events;
    }

    private static List<String> progress(List<EventBody> events) {
        return events.stream()
                .filter(StepProgressed.class::isInstance)
                .map(e -> ((StepProgressed) e).message())
                .toList();
    }

    private static Command command(StartMigration body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.DATABASE_MIGRATION, body);
    }

    /** The valid indexes of the database's schemas, counted as an administrator sees them. */
    private static long validIndexes(String database) throws SQLException {
        return count(
                database,
                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE i.indisvalid AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'");
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
