package dev.runway.migrator.restore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.PostgresServer;
import dev.runway.migrator.BackupServicesResource;
import dev.runway.migrator.MigrationCommandHandler;
import dev.runway.migrator.MigrationOutcome;
import dev.runway.migrator.RollbackServicesResource;
import dev.runway.migrator.SchemaMigrator;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.TargetDatabasesResource;
import dev.runway.migrator.aws.RdsQueryApi;
import dev.runway.migrator.backup.RecordingReporter;
import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollbackFacts;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.spec.Migration;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runbook Step R3's four options end to end on the real PostgreSQL server, with the real pg_dump, pg_restore and psql,
 * S3 (S3Proxy) and RDS's Query API as WireMock answers it. Each compares the database before and after with its
 * normalised schema dump ({@code pg_dump --schema-only}, Runway's own bookkeeping tables left out), its row counts per
 * table and a digest of the rows a migration could lose.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RollbackServicesResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseRollbackIT {

    private static final String BASELINE_TABLE =
            "CREATE TABLE customer (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,"
                    + " legacy_code text)";
    private static final String BASELINE_ROWS =
            "INSERT INTO customer (name, legacy_code) SELECT 'customer ' || g, 'L-' || g FROM generate_series(1, 300) g";
    private static final String ORDERS = "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL"
            + " REFERENCES customer (id), total numeric(10, 2))";
    private static final String ORDER_ROWS =
            "INSERT INTO orders SELECT g, 1 + g % 300, g * 1.5 FROM generate_series(1, 120) g";
    private static final String CUSTOMER_DIGEST = "SELECT md5(string_agg(c::text, '|' ORDER BY id)) FROM customer c";

    private static final Migration ADD_LOYALTY = new Migration(
            "20261127_901",
            "add loyalty points",
            "ALTER TABLE customer ADD COLUMN loyalty integer NOT NULL DEFAULT 0",
            "ALTER TABLE customer DROP COLUMN loyalty");
    private static final Migration CREATE_COUPON = new Migration(
            "20261127_902",
            "create coupon",
            "CREATE TABLE coupon (code text PRIMARY KEY, customer_id integer REFERENCES customer (id))",
            "DROP TABLE coupon");
    private static final Migration DROP_LEGACY_CODE =
            new Migration("20261127_903", "drop legacy code", "ALTER TABLE customer DROP COLUMN legacy_code", null);

    @Inject
    MigrationCommandHandler handler;

    @Inject
    SchemaMigrator migrator;

    /** (i) Every migration has rollbackSql: undone down to the restore point; schema and rows as before. */
    @Test
    void downMigrationsBringBackThePreviousSchemaAndData() throws Exception {
        String db = RollbackServicesResource.DOWN;
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS, ORDERS, ORDER_ROWS);
        Snapshot before = Snapshot.of(db);
        UUID release = UUID.randomUUID();
        RollbackFacts facts = migrate(db, release, List.of(ADD_LOYALTY, CREATE_COUPON));
        assertThat(Snapshot.of(db).schema()).isNotEqualTo(before.schema());

        StepSucceeded done = succeeded(rollBack(db, release, facts, new RecordingReporter()));

        assertThat(done.outputs()).containsEntry(Outputs.ROLLBACK_METHOD, "down-migrations");
        assertThat(done.summary())
                .startsWith("2 migration(s) rolled back to restore point runway-" + release)
                .contains("every one of the 2 migration(s) applied after the restore point has rollbackSql")
                .endsWith("schema version 20261127_902 -> none");
        assertThat(Snapshot.of(db)).isEqualTo(before);
    }

    /**
     * (ii) and (vi) A migration without rollbackSql drops a column holding data: the dump taken before migrating is
     * fetched, checked and restored; the schema (the table the release created gone too), the column's data and every
     * table's rows are back. Redelivered, with or without the checkpoints, it restores nothing again.
     */
    @Test
    void aMigrationWithoutRollbackSqlIsRolledBackFromTheDumpAndARedeliveryDoesNotRestoreTwice() throws Exception {
        String db = RollbackServicesResource.DUMPED;
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS, ORDERS, ORDER_ROWS);
        Snapshot before = Snapshot.of(db);
        UUID release = UUID.randomUUID();
        RollbackFacts facts = migrate(db, release, List.of(CREATE_COUPON, DROP_LEGACY_CODE));
        asMigrator(db, "INSERT INTO coupon VALUES ('WELCOME', 1)");
        assertThat(Snapshot.of(db).schema()).doesNotContain("legacy_code").contains("coupon");

        RecordingReporter reporter = new RecordingReporter();
        StepSucceeded done = succeeded(rollBack(db, release, facts, reporter));

        assertThat(done.outputs())
                .containsEntry(Outputs.ROLLBACK_METHOD, "dump-restore")
                .containsEntry(Outputs.SCHEMA_VERSION_BEFORE, "20261127_903")
                .containsEntry(Outputs.SCHEMA_VERSION_AFTER, "none");
        assertThat(done.summary())
                .startsWith("database " + db + " restored in place from the verified dump " + facts.backupLocation())
                .contains("migration(s) 20261127_903 have no rollbackSql")
                .contains("tables of the migrator's role");
        assertThat(messages(reporter))
                .anySatisfy(m -> assertThat(m).startsWith("rollback method dump-restore: migration(s) 20261127_903"))
                .anySatisfy(
                        m -> assertThat(m).matches("backup s3://\\S+ fetched: \\d+ bytes in \\d+ ms, SHA-256 matched"));
        assertThat(Snapshot.of(db)).isEqualTo(before);
        assertThat(scalar(db, CUSTOMER_DIGEST)).isEqualTo(before.customerDigest());

        // written after the restore: a second restore would take it away
        asMigrator(db, "INSERT INTO customer (name, legacy_code) VALUES ('after the rollback', 'L-new')");
        StepSucceeded again = succeeded(rollBack(db, release, facts, reporter));
        assertThat(again.summary()).endsWith("(done before this command was interrupted; not repeated)");
        Map<String, String> methodOnly = new java.util.concurrent.ConcurrentHashMap<>(
                Map.of("rollback.method", reporter.progress.get("rollback.method")));
        StepSucceeded resumed = succeeded(rollBack(db, release, facts, new RecordingReporter(methodOnly)));
        assertThat(resumed.summary())
                .contains("was restored from the dump before this command was interrupted")
                .contains("not restored again");
        StepSucceeded forgotten = succeeded(rollBack(db, release, facts, new RecordingReporter()));
        assertThat(forgotten.summary()).contains("was never marked", "nothing to undo");
        assertThat(scalar(db, "SELECT count(*) FROM customer")).isEqualTo("301");
    }

    /**
     * (iii) The file fetched is not the one backed up, there is none, or the server refuses the restore: nothing is
     * restored, nothing changes, and the reason names no row value.
     */
    @Test
    void aChecksumMismatchOrAMissingBackupRefusesToRestoreAndChangesNothing() throws Exception {
        String db = RollbackServicesResource.TAMPERED;
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS);
        UUID release = UUID.randomUUID();
        RollbackFacts facts = migrate(db, release, List.of(DROP_LEGACY_CODE));
        Snapshot migrated = Snapshot.of(db);
        RollbackFacts wrongSum =
                new RollbackFacts(facts.backupLocation(), "0".repeat(64), null, facts.migrationStartedAt(), false);

        StepFailed mismatch = failed(rollBack(db, release, wrongSum, new RecordingReporter()));

        assertThat(mismatch.reason())
                .startsWith("restoring database " + db + " from the dump failed: checksum mismatch: the backup "
                        + facts.backupLocation() + " fetched from S3 has SHA-256 "
                        + facts.backupSha256().substring(0, 12)
                        + "…, the backup taken before migrating had 000000000000…;"
                        + " refusing to restore it; nothing was restored");
        assertThat(Snapshot.of(db)).isEqualTo(migrated);

        RollbackFacts missing = new RollbackFacts(
                facts.backupLocation().replace(".dump", "-gone.dump"),
                facts.backupSha256(),
                null,
                facts.migrationStartedAt(),
                false);
        StepFailed gone = failed(rollBack(db, release, missing, new RecordingReporter()));
        assertThat(gone.reason()).contains("is not in S3 (NoSuchKey)").endsWith("nothing was restored");
        assertThat(Snapshot.of(db)).isEqualTo(migrated);

        // a coordinator that passes no backup: nothing can bring the column back, and nothing is tried
        StepFailed impossible = failed(rollBack(db, release, null, new RecordingReporter()));
        assertThat(impossible.reason())
                .isEqualTo("database " + db + " cannot be rolled back: migration(s) 20261127_903 have no rollbackSql"
                        + " and no backup was taken before migrating; nothing was changed");
        assertThat(Snapshot.of(db)).isEqualTo(migrated);

        // the server refuses the restore's DDL, saying a row value: only the SQLSTATE is reported, and the relations
        // the restore had already dropped are back
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF tg_tag = 'CREATE TABLE' THEN"
                    + " RAISE EXCEPTION 'duplicate customer %', 'L-42' USING ERRCODE = '23505',"
                    + " DETAIL = 'Key (legacy_code)=(L-42) already exists.'; END IF; END $$");
            s.execute("CREATE EVENT TRIGGER refuse_ddl ON ddl_command_start EXECUTE FUNCTION refuse_ddl()");
        }
        StepFailed refused;
        try {
            refused = failed(rollBack(db, release, facts, new RecordingReporter()));
        } finally {
            try (Connection c = TargetDatabasesResource.admin(db);
                    Statement s = c.createStatement()) {
                s.execute("DROP EVENT TRIGGER refuse_ddl");
                s.execute("DROP FUNCTION refuse_ddl()");
            }
        }
        assertThat(refused.reason())
                .isEqualTo("restoring database " + db + " from the dump failed: restoring the backup into " + db
                        + " failed (exit 3): SQLSTATE 23505 unique_violation (class 23 integrity constraint"
                        + " violation); the transaction was rolled back, the database is unchanged")
                .doesNotContain("L-42");
        assertThat(Snapshot.of(db)).isEqualTo(migrated);
    }

    /** (iv) Every migration applied is expand-only: the schema stays, and the step says only the application goes back. */
    @Test
    void anExpandOnlyReleaseKeepsTheSchemaAndSaysSo() throws Exception {
        String db = RollbackServicesResource.EXPANDED;
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS);
        UUID release = UUID.randomUUID();
        List<Migration> expanding = List.of(
                new Migration("20261127_911", "add loyalty", ADD_LOYALTY.sql(), null, true),
                new Migration("20261127_912", "create coupon", CREATE_COUPON.sql(), CREATE_COUPON.rollbackSql(), true),
                new Migration(
                        "20261127_913", "index names", "CREATE INDEX customer_name ON customer (name)", null, true));
        RollbackFacts facts = migrate(db, release, expanding);
        Snapshot migrated = Snapshot.of(db);

        StepSucceeded done = succeeded(rollBack(db, release, facts, new RecordingReporter()));

        assertThat(done.summary())
                .isEqualTo("schema kept: all 3 migrations are expand-only; only the application is rolled back;"
                        + " schema version 20261127_913");
        assertThat(done.outputs()).containsEntry(Outputs.ROLLBACK_METHOD, "schema-kept");
        assertThat(Snapshot.of(db)).isEqualTo(migrated);
    }

    /**
     * (v) On RDS with rollback.rds-mode=snapshot: a new instance {@code <instance>-rollback} from the snapshot, waited
     * for from creating to available, its endpoint reported and the connection switch left to people. Asked again, it
     * is found and not restored twice.
     */
    @Test
    void onRdsTheSnapshotIsRestoredAsANewInstanceOnceAndTheSwitchIsLeftToPeople() throws Exception {
        String db = RollbackServicesResource.ON_RDS;
        String target = RollbackServicesResource.RDS_INSTANCE + "-rollback";
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS);
        UUID release = UUID.randomUUID();
        applyWithoutBackup(db, release, List.of(DROP_LEGACY_CODE));
        Snapshot migrated = Snapshot.of(db);
        stubRestore("RestoreDBInstanceFromDBSnapshot", target);
        RollbackFacts facts = new RollbackFacts(
                null, null, "pre-deploy-2-0-0-20261127-150000", Instant.parse("2026-11-27T14:00:00Z"), false);

        StepSucceeded done = succeeded(rollBack(db, release, facts, new RecordingReporter()));

        assertThat(done.outputs())
                .containsEntry(Outputs.ROLLBACK_METHOD, "rds-snapshot")
                .containsEntry(Outputs.RDS_RESTORED_INSTANCE, target)
                .containsEntry(Outputs.RDS_RESTORED_ENDPOINT, target + ".c9akciq32.us-east-1.rds.amazonaws.com:5432");
        assertThat(done.summary())
                .startsWith("RDS instance " + target + " restored from snapshot pre-deploy-2-0-0-20261127-150000"
                        + " (migration(s) 20261127_903 have no rollbackSql; runway.databases.\"" + db
                        + "\".rollback.rds-mode=snapshot): available at " + target)
                .endsWith("still to do by hand (runbook R3): point the application's connection string at " + target
                        + ".c9akciq32.us-east-1.rds.amazonaws.com:5432 and restart its pods; "
                        + RollbackServicesResource.RDS_INSTANCE + " is unchanged");
        WireMockServer rds = BackupServicesResource.rds();
        rds.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=RestoreDBInstanceFromDBSnapshot"))
                        .withRequestBody(containing("DBInstanceIdentifier=" + target))
                        .withRequestBody(containing("DBSnapshotIdentifier=pre-deploy-2-0-0-20261127-150000")));
        assertThat(Snapshot.of(db)).isEqualTo(migrated);

        StepSucceeded again = succeeded(rollBack(db, release, facts, new RecordingReporter()));
        assertThat(again.summary()).contains("(it existed already; not restored twice)");

        // a later release's rollback finds this one's instance: not taken for its own
        RollbackFacts later = new RollbackFacts(
                null, null, "pre-deploy-2-1-0-20261128-090000", Instant.parse("2026-11-28T09:00:00Z"), false);
        StepFailed stale = failed(rollBack(db, release, later, new RecordingReporter()));
        assertThat(stale.reason())
                .isEqualTo("RDS instance " + target + " exists since 2026-11-27T15:00:00Z, before this release's"
                        + " migration began (2026-11-28T09:00:00Z): an earlier rollback's; rename or delete it, then"
                        + " retry; nothing was restored");
        rds.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=RestoreDBInstanceFromDBSnapshot")));
    }

    /** (v) rollback.rds-mode=point-in-time: a new instance {@code <instance>-pitr} at the moment the migration began. */
    @Test
    void onRdsThePointInTimeBeforeTheMigrationIsRestored() throws Exception {
        String db = RollbackServicesResource.ON_RDS_PITR;
        String target = RollbackServicesResource.RDS_PITR_INSTANCE + "-pitr";
        asMigrator(db, BASELINE_TABLE, BASELINE_ROWS);
        UUID release = UUID.randomUUID();
        Instant began = Instant.parse("2026-11-27T14:59:30Z");
        applyWithoutBackup(db, release, List.of(DROP_LEGACY_CODE));
        stubRestore("RestoreDBInstanceToPointInTime", target);

        StepSucceeded done = succeeded(
                rollBack(db, release, new RollbackFacts(null, null, null, began, false), new RecordingReporter()));

        assertThat(done.outputs()).containsEntry(Outputs.ROLLBACK_METHOD, "rds-point-in-time");
        assertThat(done.summary())
                .startsWith("RDS instance " + target + " restored to 2026-11-27T14:59:30Z (when the migration began)");
        BackupServicesResource.rds()
                .verify(
                        1,
                        postRequestedFor(urlEqualTo("/"))
                                .withRequestBody(containing("Action=RestoreDBInstanceToPointInTime"))
                                .withRequestBody(containing(
                                        "SourceDBInstanceIdentifier=" + RollbackServicesResource.RDS_PITR_INSTANCE))
                                .withRequestBody(containing("TargetDBInstanceIdentifier=" + target))
                                .withRequestBody(containing("RestoreTime=2026-11-27T14%3A59%3A30Z")));
    }

    /** StartMigration through the handler, as Phase 2 runs it (backup first); what the coordinator then passes on. */
    private RollbackFacts migrate(String db, UUID release, List<Migration> migrations) {
        Instant began = Instant.now();
        RecordingReporter reporter = new RecordingReporter();
        handler.carryOut(command(release, new StartMigration(db, "runway-" + release, migrations, 600)), reporter);
        StepSucceeded migrated = succeeded(reporter.reported.get(reporter.reported.size() - 1));
        assertThat(migrated.outputs()).containsKeys(Outputs.BACKUP_LOCATION, Outputs.BACKUP_SHA256);
        return new RollbackFacts(
                migrated.outputs().get(Outputs.BACKUP_LOCATION),
                migrated.outputs().get(Outputs.BACKUP_SHA256),
                migrated.outputs().get(Outputs.RDS_SNAPSHOT_ID),
                began,
                migrations.stream().allMatch(Migration::expandOnly));
    }

    private void applyWithoutBackup(String db, UUID release, List<Migration> migrations) {
        MigrationOutcome outcome = migrator.migrate(
                new TargetDatabase(db, jdbcUrl(db), TargetDatabasesResource.ROLE, TargetDatabasesResource.PASSWORD),
                "runway-" + release,
                migrations,
                Duration.ofMinutes(1),
                applied -> {});
        assertThat(outcome).isInstanceOf(MigrationOutcome.Completed.class);
    }

    private EventBody rollBack(String db, UUID release, RollbackFacts facts, RecordingReporter reporter) {
        int from = reporter.reported.size();
        handler.carryOut(command(release, new RollBackMigration(db, "runway-" + release, facts)), reporter);
        assertThat(reporter.reported.get(from).getClass().getSimpleName()).isEqualTo("StepStarted");
        return reporter.reported.get(reporter.reported.size() - 1);
    }

    /** The instance is not found until restored, then creating, then available. */
    private static void stubRestore(String action, String target) {
        WireMockServer rds = BackupServicesResource.rds();
        String scenario = "restore " + target;
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBInstances"))
                .withRequestBody(containing("DBInstanceIdentifier=" + target))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(instanceNotFound()));
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(instance(action, target, "creating"))
                .willSetStateTo("creating"));
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBInstances"))
                .inScenario(scenario)
                .whenScenarioStateIs("creating")
                .willReturn(instance("DescribeDBInstances", target, "creating"))
                .willSetStateTo("available"));
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBInstances"))
                .inScenario(scenario)
                .whenScenarioStateIs("available")
                .willReturn(instance("DescribeDBInstances", target, "available")));
    }

    private static ResponseDefinitionBuilder instanceNotFound() {
        return aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + RdsQueryApi.NAMESPACE + "\"><Error><Type>Sender</Type>"
                        + "<Code>DBInstanceNotFound</Code><Message>DBInstance not found.</Message></Error>"
                        + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    /** A {@code <action>Response} as RDS's Query API documents it, with one DBInstance. */
    private static ResponseDefinitionBuilder instance(String action, String target, String status) {
        String instance = "<DBInstance><DBInstanceIdentifier>" + target + "</DBInstanceIdentifier>"
                + "<DBInstanceClass>db.t3.medium</DBInstanceClass><Engine>postgres</Engine>"
                + "<DBInstanceStatus>" + status + "</DBInstanceStatus><MasterUsername>runway</MasterUsername>"
                + ("available".equals(status)
                        ? "<Endpoint><Address>" + target + ".c9akciq32.us-east-1.rds.amazonaws.com</Address>"
                                + "<Port>5432</Port></Endpoint><InstanceCreateTime>2026-11-27T15:00:00.000Z"
                                + "</InstanceCreateTime>"
                        : "")
                + "<AllocatedStorage>20</AllocatedStorage><EngineVersion>14.22</EngineVersion></DBInstance>";
        String result = "DescribeDBInstances".equals(action) ? "<DBInstances>" + instance + "</DBInstances>" : instance;
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"" + RdsQueryApi.NAMESPACE + "\"><" + action + "Result>"
                        + result + "</" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private static Command command(UUID release, CommandBody body) {
        return Command.of(UUID.randomUUID(), release, Instant.now(), Phase.DATABASE_MIGRATION, body);
    }

    private static StepSucceeded succeeded(EventBody body) {
        assertThat(body).isInstanceOf(StepSucceeded.class);
        return (StepSucceeded) body;
    }

    private static StepFailed failed(EventBody body) {
        assertThat(body).isInstanceOf(StepFailed.class);
        return (StepFailed) body;
    }

    private static List<String> messages(RecordingReporter reporter) {
        return reporter.reported.stream()
                .filter(dev.runway.model.event.StepProgressed.class::isInstance)
                .map(b -> ((dev.runway.model.event.StepProgressed) b).message())
                .toList();
    }

    /**
     * The database as the tests compare it: its schema as pg_dump writes it (comments, settings and the session's
     * random restrict key left out; Runway's changelog and restore points too), rows per table, and the customers.
     */
    record Snapshot(String schema, Map<String, Long> rows, String customerDigest) {

        static Snapshot of(String db) throws Exception {
            return new Snapshot(schema(db), rows(db), scalar(db, CUSTOMER_DIGEST));
        }

        private static String schema(String db) throws IOException, InterruptedException {
            PostgresServer server = TargetDatabasesResource.server();
            Process dump = new ProcessBuilder(
                            "pg_dump",
                            "--schema-only",
                            "--no-owner",
                            "--no-privileges",
                            "--exclude-table=databasechangelog*",
                            "--exclude-table=runway_restore_point",
                            "--host=127.0.0.1",
                            "--port=" + server.port(),
                            "--username=" + PostgresServer.USER,
                            "--dbname=" + db)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            dump.getOutputStream().close();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(dump.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dump.exitValue()).isZero();
            return text.lines()
                    .filter(l -> !l.isBlank())
                    .filter(l -> !l.startsWith("--"))
                    .filter(l -> !l.startsWith("SET ") && !l.startsWith("SELECT pg_catalog.set_config"))
                    .filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
                    .collect(Collectors.joining("\n"));
        }

        private static Map<String, Long> rows(String db) throws SQLException {
            Map<String, Long> rows = new TreeMap<>();
            try (Connection c = TargetDatabasesResource.admin(db);
                    Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                        + " WHERE schemaname = 'public' AND tablename NOT LIKE 'databasechangelog%'"
                        + " AND tablename <> 'runway_restore_point'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
            return rows;
        }
    }

    private static String scalar(String db, String sql) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String jdbcUrl(String db) {
        return TargetDatabasesResource.server().jdbcUrl(db);
    }

    private static void asMigrator(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        jdbcUrl(db), TargetDatabasesResource.ROLE, TargetDatabasesResource.PASSWORD);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
