package dev.runway.migrator;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runway.infra.KafkaTestClient.concludedTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.migrator.aws.RdsQueryApi;
import dev.runway.model.Phase;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Event;
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
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runbook Step 2.1 on a real PostgreSQL with Debian's pg_dump and pg_restore, a real S3 (S3Proxy) and RDS's Query API
 * as WireMock answers it, through the migrator's real Kafka intake.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TargetDatabasesResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServicesResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreMigrationBackupIT {

    private static final Migration CREATE_CUSTOMER = new Migration(
            "20261127_301", "create customer", "CREATE TABLE customer (id integer PRIMARY KEY)", "DROP TABLE customer");

    @Inject
    MigrationCommandHandler handler;

    private final KafkaTestClient kafka =
            new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    @Test
    @Order(1)
    void theDatabaseIsDumpedVerifiedAndUploadedBeforeTheFirstMigrationAndTheStepSaysSo() throws Exception {
        String db = BackupServicesResource.STOREFRONT;
        asMigrator(
                db,
                "CREATE TABLE product (id integer PRIMARY KEY, name text)",
                "INSERT INTO product SELECT g, 'product ' || g FROM generate_series(1, 500) g");
        Command start = command(new StartMigration(db, "runway-storefront", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(1));

        // started, the backup, the rehearsal restored from it (MigrationRehearsalIT), the migration, the verification
        assertThat(events.subList(0, 4))
                .extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly("StepStarted", "StepProgressed", "StepProgressed", "StepProgressed");
        StepProgressed backup = (StepProgressed) events.get(1).body();
        String key = db + "/" + start.releaseId() + "/backup-pre-migration-\\d{8}-\\d{6}\\.dump";
        assertThat(backup.message())
                .matches("backup " + key + ": [\\d ]+ bytes, pg_restore --list \\d+ entries, sha256 [0-9a-f]{12}…,"
                        + " uploaded to s3://runway-backups/" + key + ", SHA-256 matched, [\\d ]+ ms");
        assertThat(((StepProgressed) events.get(2).body()).message()).startsWith("rehearsal on scratch database");
        assertThat(((StepProgressed) events.get(3).body()).message()).startsWith("Migration 20261127_301: SUCCESS");
        StepSucceeded done = (StepSucceeded) events.get(events.size() - 1).body();
        String location = done.outputs().get(StepSucceeded.Outputs.BACKUP_LOCATION);
        String sha256 = done.outputs().get(StepSucceeded.Outputs.BACKUP_SHA256);
        assertThat(location).matches("s3://runway-backups/" + key);
        assertThat(done.outputs()).doesNotContainKey(StepSucceeded.Outputs.RDS_SNAPSHOT_ID);
        assertThat(value(backup, "backup location")).isEqualTo(location);
        assertThat(value(backup, "backup sha256")).isEqualTo(sha256);

        // what S3 holds is the reported file, and it is the database as it was before the migration
        Path fetched = fetch(location);
        assertThat(Files.size(fetched)).isEqualTo(Long.parseLong(value(backup, "backup size")));
        assertThat(dev.runway.migrator.backup.PgDump.sha256(fetched)).isEqualTo(sha256);
        String contents = pgRestoreList(fetched);
        assertThat(contents)
                .contains("TABLE public product", "TABLE DATA public product")
                .doesNotContain("customer");
        assertThat(contents.lines().filter(l -> !l.isBlank() && !l.startsWith(";")))
                .hasSize(Integer.parseInt(value(backup, "backup entries")));
        assertThat(Path.of("target/backups")).isEmptyDirectory();
    }

    @Test
    @Order(2)
    void aBackupLargerThanOnePartIsUploadedInPartsAndTheEtagOfThePartsIsCompared() throws Exception {
        String db = BackupServicesResource.CHECKOUT;
        // 12 MiB of random bytes do not compress: above two 5 MiB parts
        asMigrator(
                db,
                "CREATE TABLE payload (id integer, data bytea)",
                "INSERT INTO payload SELECT g, decode(string_agg(md5(random()::text), ''), 'hex')"
                        + " FROM generate_series(1, 12) g, generate_series(1, 65536) i GROUP BY g");
        Command start = command(new StartMigration(db, "runway-checkout", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(1));

        StepProgressed backup = (StepProgressed) events.get(1).body();
        assertThat(backup.message()).contains(" in 3 parts, ETag (MD5 of 3 parts) matched");
        StepSucceeded done = (StepSucceeded) events.get(events.size() - 1).body();
        String location = done.outputs().get(StepSucceeded.Outputs.BACKUP_LOCATION);
        Path fetched = fetch(location);
        assertThat(Files.size(fetched)).isGreaterThan(10L * 1024 * 1024);
        assertThat(dev.runway.migrator.backup.PgDump.sha256(fetched))
                .isEqualTo(done.outputs().get(StepSucceeded.Outputs.BACKUP_SHA256));
        try (S3Client s3 = BackupServicesResource.s3().client()) {
            assertThat(s3.headObject(
                                    b -> b.bucket(BackupServicesResource.BUCKET).key(key(location)))
                            .eTag())
                    .endsWith("-3\"");
        }
    }

    @Test
    @Order(3)
    void aDumpThatFailsFailsTheStepNamingPgDumpAndNothingIsMigrated() throws Exception {
        String db = BackupServicesResource.RESTRICTED;
        Command start = command(new StartMigration(db, "runway-restricted", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(1));

        assertThat(events)
                .extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly("StepStarted", "StepFailed");
        assertThat(((StepFailed) events.get(1).body()).reason())
                .startsWith("backup before migration failed: pg_dump of database restricted exited with 1: ")
                .contains("permission denied for schema audit")
                .endsWith("; nothing was migrated");
        assertThat(tables(db)).doesNotContain("customer");
        assertThat(objects(db + "/" + start.releaseId() + "/")).isEmpty();
    }

    @Test
    @Order(4)
    void aResumedCommandReusesItsBackupAndFindsItsRdsSnapshotRatherThanTakingEitherAgain() throws Exception {
        WireMockServer rds = BackupServicesResource.rds();
        rds.resetAll();
        stubRds(rds);
        String db = BackupServicesResource.PAYMENTS;
        Command start = command(new StartMigration(db, "runway-payments", List.of(CREATE_CUSTOMER), 600));
        long dumpsBefore = dumps(db);
        // the StepReporter that CommandIntake hands a command resumed after a restart: what was checkpointed before
        Map<String, String> progress = new ConcurrentHashMap<>();
        List<EventBody> first = carryOut(start, progress);

        StepSucceeded done = (StepSucceeded) first.get(first.size() - 1);
        String snapshotId = done.outputs().get(StepSucceeded.Outputs.RDS_SNAPSHOT_ID);
        List<LoggedRequest> creates =
                rds.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBSnapshot")));
        assertThat(creates).hasSize(1);
        assertThat(form(creates.get(0)))
                .containsEntry("DBInstanceIdentifier", BackupServicesResource.RDS_INSTANCE)
                .containsEntry("DBSnapshotIdentifier", snapshotId)
                .containsEntry("Version", "2014-10-31");
        assertThat(snapshotId).matches("pre-deploy-" + start.releaseId() + "-\\d{8}-\\d{6}");
        assertThat(first)
                .filteredOn(StepProgressed.class::isInstance)
                .extracting(b -> ((StepProgressed) b).message())
                .anySatisfy(line -> assertThat(line)
                        .matches("RDS snapshot " + snapshotId + " of instance payments-prod: available, [\\d ]+ ms"));
        assertThat(dumps(db)).isEqualTo(dumpsBefore + 1);

        List<EventBody> resumed = carryOut(start, progress);

        StepSucceeded again = (StepSucceeded) resumed.get(resumed.size() - 1);
        assertThat(again.outputs())
                .containsAllEntriesOf(Map.of(
                        StepSucceeded.Outputs.BACKUP_LOCATION,
                                done.outputs().get(StepSucceeded.Outputs.BACKUP_LOCATION),
                        StepSucceeded.Outputs.BACKUP_SHA256, done.outputs().get(StepSucceeded.Outputs.BACKUP_SHA256),
                        StepSucceeded.Outputs.RDS_SNAPSHOT_ID, snapshotId));
        assertThat(resumed)
                .filteredOn(StepProgressed.class::isInstance)
                .extracting(b -> ((StepProgressed) b).message())
                .anySatisfy(line -> assertThat(line).endsWith("taken before this command was interrupted, reused"))
                .anySatisfy(line -> assertThat(line).contains("(taken before this command was interrupted)"));
        assertThat(dumps(db)).isEqualTo(dumpsBefore + 1);
        assertThat(rds.findAll(
                        postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBSnapshot"))))
                .hasSize(1);
        assertThat(objects(db + "/" + start.releaseId() + "/")).hasSize(1);
    }

    @Test
    @Order(5)
    void aDatabaseWithoutABackupBucketMigratesOnlyBecauseTheConfigurationAllowsItAndTheStepSaysNoBackupWasTaken() {
        Command start = command(
                new StartMigration(BackupServicesResource.UNBACKED, "runway-unbacked", List.of(CREATE_CUSTOMER), 600));
        kafka.send(start);

        List<Event> events = kafka.events(start.releaseId(), concludedTimes(1));

        assertThat(((StepProgressed) events.get(1).body()).message())
                .isEqualTo("backup NOT taken: no backup bucket configured for database unbacked"
                        + " (runway.databases.\"unbacked\".backup.bucket); migrating without one, as"
                        + " runway.migrator.backup.required=false allows");
        StepSucceeded done = (StepSucceeded) events.get(events.size() - 1).body();
        assertThat(done.outputs())
                .doesNotContainKeys(StepSucceeded.Outputs.BACKUP_LOCATION, StepSucceeded.Outputs.BACKUP_SHA256);
    }

    @Test
    @Order(6)
    void neitherTheS3SecretKeyNorTheDatabasePasswordAppearsInAnyEventLogLineOrPgDumpCommandLine() throws Exception {
        List<String> allEvents =
                kafka.rawValues(Topics.EVENTS, values -> values.stream().anyMatch(v -> v.contains("runway-backups")));
        String log = Files.readString(Path.of("target/migrator-test.log"));
        String commandLines = Files.readString(BackupServicesResource.PG_DUMP_CALLS);
        assertThat(allEvents).anyMatch(v -> v.contains("SHA-256 matched"));
        assertThat(commandLines).contains("--username=" + TargetDatabasesResource.ROLE);
        for (String secret : List.of(BackupServicesResource.SECRET_KEY, TargetDatabasesResource.PASSWORD)) {
            assertThat(allEvents).noneMatch(v -> v.contains(secret));
            assertThat(log).doesNotContain(secret);
            assertThat(commandLines).doesNotContain(secret);
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

    /** RDS as its Query API answers: no such snapshot, then created, then {@code creating}, then {@code available}. */
    private static void stubRds(WireMockServer rds) {
        String scenario = "snapshot";
        rds.stubFor(post(urlEqualTo("/"))
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(RdsQueryApi.snapshotNotFound()));
        rds.stubFor(post(urlEqualTo("/"))
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .withRequestBody(containing("Action=CreateDBSnapshot"))
                .willReturn(RdsQueryApi.snapshot("CreateDBSnapshot", BackupServicesResource.RDS_INSTANCE, "creating"))
                .willSetStateTo("creating"));
        rds.stubFor(post(urlEqualTo("/"))
                .inScenario(scenario)
                .whenScenarioStateIs("creating")
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(
                        RdsQueryApi.snapshot("DescribeDBSnapshots", BackupServicesResource.RDS_INSTANCE, "creating"))
                .willSetStateTo("available"));
        rds.stubFor(post(urlEqualTo("/"))
                .inScenario(scenario)
                .whenScenarioStateIs("available")
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(
                        RdsQueryApi.snapshot("DescribeDBSnapshots", BackupServicesResource.RDS_INSTANCE, "available")));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static long dumps(String db) throws IOException {
        Path calls = BackupServicesResource.PG_DUMP_CALLS;
        return Files.exists(calls)
                ? Files.readAllLines(calls).stream()
                        .filter(l -> l.contains("--dbname=" + db + " "))
                        .count()
                : 0;
    }

    private static String value(StepProgressed line, String name) {
        return line.measurements().stream()
                .filter(m -> m.name().equals(name))
                .map(Measurement::value)
                .findFirst()
                .orElseThrow();
    }

    private static String key(String location) {
        return location.substring(("s3://" + BackupServicesResource.BUCKET + "/").length());
    }

    private static Path fetch(String location) throws IOException {
        try (S3Client s3 = BackupServicesResource.s3().client()) {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(
                    b -> b.bucket(BackupServicesResource.BUCKET).key(key(location)));
            Path file = Files.createTempFile("fetched-backup-", ".dump");
            Files.write(file, object.asByteArray());
            return file;
        }
    }

    private static List<String> objects(String prefix) {
        try (S3Client s3 = BackupServicesResource.s3().client()) {
            return s3.listObjectsV2(b -> b.bucket(BackupServicesResource.BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static String pgRestoreList(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pg_restore", "--list", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** As the migrator's role, which owns the schema: what the application would have created. */
    private static void asMigrator(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        TargetDatabasesResource.server().jdbcUrl(db),
                        TargetDatabasesResource.ROLE,
                        TargetDatabasesResource.PASSWORD);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> tables(String db) throws SQLException {
        try (Connection c = TargetDatabasesResource.admin(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            return tables;
        }
    }

    private static Command command(dev.runway.model.command.CommandBody body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.DATABASE_MIGRATION, body);
    }
}
