package dev.runway.migrator.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.migrator.BackupServicesResource;
import dev.runway.migrator.MigrationCommandHandler;
import dev.runway.migrator.TargetDatabasesResource;
import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.Rehearsal;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Migration;
import dev.runway.worker.StepReporter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runbook Steps 2.2 and 2.3 on a real PostgreSQL with Debian's pg_restore and a real S3 (S3Proxy): the release's
 * migrations rehearsed on a scratch copy restored from the backup before production is touched, and each production
 * migration bounded by its lock_timeout and statement_timeout.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
class MigrationRehearsalIT {

    private static final Migration CREATE_COUPON = new Migration(
            "20261127_701", "create coupon", "CREATE TABLE coupon (code text PRIMARY KEY)", "DROP TABLE coupon");
    private static final Migration ADD_COUPON_CODE = new Migration(
            "20261127_702",
            "add coupon code to product",
            "ALTER TABLE product ADD COLUMN coupon_code text REFERENCES coupon (code)",
            "ALTER TABLE product DROP COLUMN coupon_code");
    /** Production's rows break it: every product has a positive id. */
    private static final Migration NEGATIVE_IDS_ONLY = new Migration(
            "20261127_703",
            "only negative product ids",
            "ALTER TABLE product ADD CONSTRAINT negative_id CHECK (id < 0)",
            "ALTER TABLE product DROP CONSTRAINT negative_id");

    @Inject
    MigrationCommandHandler handler;

    @Test
    void aRehearsalThatPassesReportsRestoreApplyAndRollbackTimesDropsTheScratchDatabaseAndThenProductionIsMigrated()
            throws Exception {
        String db = "rehearsed";
        production(db);
        Command start =
                command(new StartMigration(db, "runway-rehearsed", List.of(CREATE_COUPON, ADD_COUPON_CODE), 600));

        List<EventBody> events = carryOut(start, new HashMap<>());

        // started, the backup, the rehearsal, the two migrations, then the verification's lines and the conclusion
        assertThat(events.subList(0, 5))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("StepStarted", "StepProgressed", "StepProgressed", "StepProgressed", "StepProgressed");
        StepProgressed rehearsal = (StepProgressed) events.get(2);
        String scratch = ScratchDatabases.nameFor(start.releaseId());
        assertThat(rehearsal.message())
                .matches("rehearsal on scratch database " + scratch + " restored from " + db + "/"
                        + start.releaseId()
                        + "/backup-pre-migration-\\d{8}-\\d{6}\\.dump in \\d+ ms: 2 migration\\(s\\)"
                        + " applied in \\d+\\.\\ds \\(limit 600 s\\), rolled back in \\d+\\.\\ds");
        assertThat(rehearsal.measurements())
                .extracting(Measurement::name)
                .containsExactly(
                        "rehearsal restore duration", "rehearsal migrations duration", "rehearsal rollback duration");
        assertThat(((StepProgressed) events.get(3)).message())
                .startsWith("Migration 20261127_701: SUCCESS (")
                .endsWith("; lock_timeout 5 s, statement_timeout 60 s)");
        assertThat(scratchDatabases()).doesNotContain(scratch);
        assertThat(columns(db, "product")).contains("coupon_code");
        StepSucceeded done = (StepSucceeded) events.get(events.size() - 1);
        assertThat(done.measurements()).extracting(Measurement::name).contains("rehearsal migrations duration");
        // the coordinator's Phase 2 row shows the concluding event's summary: the rehearsal is in it
        assertThat(done.summary()).contains("; " + rehearsal.message());
    }

    @Test
    void aMigrationThatFailsInTheRehearsalIsNamedAndProductionIsNotTouched() throws Exception {
        String db = "misfit";
        production(db);
        Command start =
                command(new StartMigration(db, "runway-misfit", List.of(CREATE_COUPON, NEGATIVE_IDS_ONLY), 600));

        List<EventBody> events = carryOut(start, new HashMap<>());

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("StepStarted", "StepProgressed", "StepFailed");
        assertThat(((StepFailed) events.get(2)).reason())
                .isEqualTo("rehearsal on scratch database " + ScratchDatabases.nameFor(start.releaseId())
                        + " failed: migration 20261127_703 (only negative product ids) failed: SQLSTATE 23514"
                        + " check_violation (class 23 integrity constraint violation); production was not touched");
        assertThat(tables(db)).containsExactly("product");
        assertThat(count(db, "SELECT count(*) FROM product")).isEqualTo(3);
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'databasechangelog'"))
                .isZero();
        assertThat(scratchDatabases()).doesNotContain(ScratchDatabases.nameFor(start.releaseId()));
    }

    @Test
    void aRehearsalSlowerThanTheMigrationTimeoutIsRefused() throws Exception {
        String db = "sluggish";
        production(db);
        Migration slow = new Migration("20261127_711", "slow backfill", "SELECT pg_sleep(1.5)", "SELECT 1");
        Command start = command(new StartMigration(db, "runway-sluggish", List.of(slow), 1));

        List<EventBody> events = carryOut(start, new HashMap<>());

        assertThat(((StepFailed) events.get(events.size() - 1)).reason())
                .isEqualTo("rehearsal on scratch database " + ScratchDatabases.nameFor(start.releaseId())
                        + " failed: migrations did not finish within the timeout of 1s at migration 20261127_711"
                        + " (slow backfill); production was not touched");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'databasechangelog'"))
                .isZero();
    }

    @Test
    void theDbaMayConsentInTheVoteToMigratingWithoutARehearsal() throws Exception {
        String db = "consented";
        production(db);
        Command start = command(new StartMigration(
                db, "runway-consented", List.of(CREATE_COUPON), 600, null, Rehearsal.skippedWithConsentOf("kim")));

        List<EventBody> events = carryOut(start, new HashMap<>());

        assertThat(((StepProgressed) events.get(2)).message())
                .isEqualTo("rehearsal skipped: the DBA (kim) consented in the go/no-go vote");
        assertThat(((StepSucceeded) events.get(events.size() - 1)).summary())
                .contains("; rehearsal skipped: the DBA (kim) consented in the go/no-go vote");
        assertThat(scratchDatabases()).isEmpty();
        assertThat(tables(db)).contains("coupon");
    }

    @Test
    void aResumedCommandDoesNotRepeatARehearsalThatPassed() throws Exception {
        String db = "resumed";
        production(db);
        Command start = command(new StartMigration(db, "runway-resumed", List.of(CREATE_COUPON), 600));
        // what CommandIntake hands a command resumed after a restart: what was checkpointed before
        Map<String, String> progress = new HashMap<>();
        List<EventBody> first = carryOut(start, progress);
        String rehearsed = ((StepProgressed) first.get(2)).message();

        List<EventBody> resumed = carryOut(start, progress);

        assertThat(((StepProgressed) resumed.get(2)).message())
                .isEqualTo(rehearsed + "; passed before this command was interrupted, not repeated");
        assertThat(resumed)
                .filteredOn(StepProgressed.class::isInstance)
                .extracting(e -> ((StepProgressed) e).message())
                .filteredOn(line -> line.contains("rehearsal"))
                .containsExactly(rehearsed + "; passed before this command was interrupted, not repeated");
        assertThat(resumed.get(resumed.size() - 1)).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void aMigrationThatWaitsLongerThanItsLockTimeoutForALockFailsNamingItWhileALongerOneWaits() throws Exception {
        String db = "contended";
        production(db);
        Migration addColumn = new Migration(
                "20261127_721",
                "add discount to product",
                "ALTER TABLE product ADD COLUMN discount integer",
                "ALTER TABLE product DROP COLUMN discount",
                1,
                null);
        try (Connection holder = asMigrator(db)) {
            // a long transaction that read the table: ALTER TABLE waits for its ACCESS SHARE lock
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT count(*) FROM product").close();
            }
            long began = System.nanoTime();
            List<EventBody> events = carryOut(
                    command(new StartMigration(db, "runway-contended", List.of(addColumn), 600)), new HashMap<>());
            Duration waited = Duration.ofNanos(System.nanoTime() - began);

            assertThat(((StepFailed) events.get(events.size() - 1)).reason())
                    .startsWith("migration 20261127_721 (add discount to product) failed: SQLSTATE 55P03"
                            + " lock_not_available (class 55 object not in prerequisite state); it waited longer than"
                            + " its lock_timeout 1 s for a lock another session holds, and gave up rather than hold"
                            + " production's queries behind it");
            assertThat(waited).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(columns(db, "product")).doesNotContain("discount");
            holder.rollback();
        }

        String patientDb = "patient";
        production(patientDb);
        Migration patient = new Migration(
                addColumn.id(), addColumn.description(), addColumn.sql(), addColumn.rollbackSql(), 20, 30);
        try (Connection holder = asMigrator(patientDb)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT count(*) FROM product").close();
            }
            CompletableFuture<Void> released = CompletableFuture.runAsync(
                    () -> {
                        try {
                            holder.rollback();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
            long began = System.nanoTime();
            List<EventBody> events = carryOut(
                    command(new StartMigration(patientDb, "runway-patient", List.of(patient), 600)), new HashMap<>());
            Duration waited = Duration.ofNanos(System.nanoTime() - began);
            released.get(5, TimeUnit.SECONDS);

            assertThat(events.get(events.size() - 1)).isInstanceOf(StepSucceeded.class);
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(events)
                    .filteredOn(StepProgressed.class::isInstance)
                    .extracting(e -> ((StepProgressed) e).message())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("Migration 20261127_721: SUCCESS (")
                            .endsWith("; lock_timeout 20 s, statement_timeout 30 s)"));
            assertThat(columns(patientDb, "product")).contains("discount");
        }
    }

    private List<EventBody> carryOut(Command command, Map<String, String> progress) {
        List<EventBody> reported = new ArrayList<>();
        handler.carryOut(command, new StepReporter() {
            @Override
            public void report(EventBody body) {
                reported.add(body);
            }

            @Override
            public void checkpoint(String part, String yielded) {
                progress.put(part, yielded);
            }

            @Override
            public Optional<String> checkpointed(String part) {
                return Optional.ofNullable(progress.get(part));
            }
        });
        return reported;
    }

    /** What the application created before the release: three products. */
    private static void production(String db) throws SQLException {
        try (Connection c = asMigrator(db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE product (id integer PRIMARY KEY, name text)");
            s.execute("INSERT INTO product VALUES (1, 'tea'), (2, 'coffee'), (3, 'cocoa')");
        }
    }

    private static Connection asMigrator(String db) throws SQLException {
        return DriverManager.getConnection(
                TargetDatabasesResource.server().jdbcUrl(db),
                TargetDatabasesResource.ROLE,
                TargetDatabasesResource.PASSWORD);
    }

    private static List<String> scratchDatabases() throws SQLException {
        return strings("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'runway_rehearsal_%'");
    }

    private static List<String> tables(String db) throws SQLException {
        return strings(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    }

    private static List<String> columns(String db, String table) throws SQLException {
        return strings(db, "SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "'");
    }

    private static List<String> strings(String db, String query) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static long count(String db, String query) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Command command(dev.runway.model.command.CommandBody body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.DATABASE_MIGRATION, body);
    }
}
