package dev.runway.migrator.restore;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.RollbackOutcome;
import dev.runway.migrator.SchemaMigrator;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.backup.BackupConfig;
import dev.runway.migrator.backup.BackupFailed;
import dev.runway.migrator.backup.PgDump;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.migrator.postgres.ClientProcess;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollbackFacts;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.spec.Migration;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runbook Step R3: chooses how the database is rolled back, by what is possible, in this order, and says which and why
 * (output {@code rollbackMethod}):
 *
 * <ol>
 *   <li>every migration the release applied is expand-only: the schema is kept, nothing changes;
 *   <li>every one has rollbackSql: the migrations are undone down to the restore point (option 1);
 *   <li>on RDS with {@code rollback.rds-mode}: a new instance from the snapshot, or to the moment the migration
 *       began (options 2 and 3); the application's switch to it is left to people, and said so;
 *   <li>otherwise the dump taken before migrating, fetched, its SHA-256 checked, and restored in place in one
 *       transaction; without a dump, the RDS snapshot if there is one.
 * </ol>
 *
 * <p>A command is rolled back once: the chosen method is checkpointed before anything changes, and the outcome once
 * done. The database is its own record as well: a restored dump predates the restore point, so a redelivered command
 * finds the point gone and restores nothing again; a restored RDS instance is found by its name.
 */
@ApplicationScoped
public class DatabaseRollback {

    static final String METHOD = "rollback.method";
    static final String DONE = "rollback.done";

    private static final Logger LOG = Logger.getLogger(DatabaseRollback.class);

    private final SchemaMigrator migrator;
    private final BackupFetcher fetcher;
    private final RdsRestores rds;
    private final DumpRestore dumpRestore;
    private final Optional<Path> workDirectory;
    private final Clock clock;

    @Inject
    public DatabaseRollback(
            SchemaMigrator migrator,
            BackupFetcher fetcher,
            RdsRestores rds,
            RollbackConfig config,
            BackupConfig backup,
            Redactor redactor,
            Clock clock) {
        this(
                migrator,
                fetcher,
                rds,
                new DumpRestore(backup.pgRestorePath(), config.psqlPath(), config.restoreTimeout(), redactor),
                backup.workDirectory(),
                clock);
    }

    public DatabaseRollback(
            SchemaMigrator migrator,
            BackupFetcher fetcher,
            RdsRestores rds,
            DumpRestore dumpRestore,
            Optional<Path> workDirectory,
            Clock clock) {
        this.migrator = migrator;
        this.fetcher = fetcher;
        this.rds = rds;
        this.dumpRestore = dumpRestore;
        this.workDirectory = workDirectory;
        this.clock = clock;
    }

    /** The concluding event of the rollback. */
    public EventBody rollBack(
            TargetDatabase database, MigratorConfig.Database config, RollBackMigration command, StepReporter reporter) {
        Optional<String> done = reporter.checkpointed(DONE);
        if (done.isPresent()) {
            return concludedBefore(done.get());
        }
        long began = System.nanoTime();
        RestorePointState state;
        try (Connection connection = open(database)) {
            state = RestorePointState.read(connection, command.restorePoint());
        } catch (SQLException | RuntimeException e) {
            return new StepFailed(
                    "rollback of database " + database.name() + " could not read its restore point: " + reason(e),
                    List.of());
        }
        Optional<RollbackMethod> chosenBefore = reporter.checkpointed(METHOD).flatMap(RollbackMethod::of);
        if (!state.marked()
                && chosenBefore.filter(m -> m == RollbackMethod.DUMP_RESTORE).isPresent()) {
            // the dump predates the restore point: it is gone because the restore committed
            return succeeded(
                    RollbackMethod.DUMP_RESTORE,
                    "database " + database.name() + " was restored from the dump before this command was"
                            + " interrupted (restore point " + command.restorePoint() + " is gone); not restored again;"
                            + " schema version " + state.version(),
                    List.of(),
                    versions(state.version(), state.version()));
        }
        if (!state.marked()) {
            return downMigrations(
                    database, command, reporter, "restore point " + command.restorePoint() + " is not marked", began);
        }
        Choice choice = chosenBefore
                .map(m -> new Choice(m, "chosen before this command was interrupted"))
                .orElseGet(() -> choose(database, config, command.facts(), state));
        if (choice.method() == null) {
            return new StepFailed(choice.reason() + "; nothing was changed", List.of());
        }
        reporter.checkpoint(METHOD, choice.method().word());
        reporter.report(new StepProgressed(
                "rollback method " + choice.method().word() + ": " + choice.reason(),
                List.of(measure("rollback method", choice.method().word(), "method"))));
        EventBody concluded = switch (choice.method()) {
            case SCHEMA_KEPT -> schemaKept(state, choice);
            case DOWN_MIGRATIONS -> downMigrations(database, command, reporter, choice.reason(), began);
            case DUMP_RESTORE -> dump(database, command.facts(), choice, reporter, began);
            case RDS_SNAPSHOT -> rdsSnapshot(config, command.facts(), choice, began);
            case RDS_POINT_IN_TIME -> pointInTime(config, command.facts(), choice, began);
        };
        if (concluded instanceof StepSucceeded succeeded) {
            reporter.checkpoint(DONE, choice.method().word() + " " + succeeded.summary());
        }
        return concluded;
    }

    private static Choice choose(
            TargetDatabase database, MigratorConfig.Database config, RollbackFacts facts, RestorePointState state) {
        List<Migration> applied = state.applied();
        if (!applied.isEmpty() && applied.stream().allMatch(Migration::expandOnly)) {
            return new Choice(RollbackMethod.SCHEMA_KEPT, "all " + applied.size() + " migrations are expand-only");
        }
        List<String> irreversible = applied.stream()
                .filter(m -> !m.reversibleBySql())
                .map(Migration::id)
                .toList();
        if (irreversible.isEmpty()) {
            return new Choice(
                    RollbackMethod.DOWN_MIGRATIONS,
                    "every one of the " + applied.size() + " migration(s) applied after the restore point has"
                            + " rollbackSql");
        }
        String why = "migration(s) " + String.join(", ", irreversible) + " have no rollbackSql";
        Optional<String> instance = config.backup().rdsInstanceId().filter(i -> !i.isBlank());
        Optional<RdsMode> mode = config.rollback().rdsMode();
        if (instance.isPresent() && mode.isPresent()) {
            String configured = "; runway.databases.\"" + database.name() + "\".rollback.rds-mode="
                    + (mode.get() == RdsMode.SNAPSHOT ? "snapshot" : "point-in-time");
            return new Choice(
                    mode.get() == RdsMode.SNAPSHOT ? RollbackMethod.RDS_SNAPSHOT : RollbackMethod.RDS_POINT_IN_TIME,
                    why + configured);
        }
        if (facts != null && facts.backupLocation() != null) {
            return new Choice(
                    RollbackMethod.DUMP_RESTORE, why + "; restoring the verified dump taken before migrating");
        }
        if (instance.isPresent() && facts != null && facts.rdsSnapshotId() != null) {
            return new Choice(
                    RollbackMethod.RDS_SNAPSHOT, why + "; no dump was taken before migrating, an RDS snapshot was");
        }
        return new Choice(
                null,
                "database " + database.name() + " cannot be rolled back: " + why
                        + " and no backup was taken before migrating");
    }

    private EventBody schemaKept(RestorePointState state, Choice choice) {
        return succeeded(
                RollbackMethod.SCHEMA_KEPT,
                "schema kept: " + choice.reason() + "; only the application is rolled back; schema version "
                        + state.version(),
                List.of(measure(
                        "migrations kept", Integer.toString(state.applied().size()), "migrations")),
                versions(state.version(), state.version()));
    }

    private EventBody downMigrations(
            TargetDatabase database, RollBackMigration command, StepReporter reporter, String reason, long began) {
        RollbackOutcome outcome;
        try {
            outcome = migrator.rollBack(database, command.restorePoint());
        } catch (RuntimeException e) {
            outcome = new RollbackOutcome.Failed("the migrator failed unexpectedly: " + reason(e));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        if (outcome instanceof RollbackOutcome.RolledBack done) {
            return succeeded(
                    RollbackMethod.DOWN_MIGRATIONS,
                    (done.undone() == 0
                                    ? "nothing after restore point " + command.restorePoint() + " to undo"
                                    : done.undone() + " migration(s) rolled back to restore point "
                                            + command.restorePoint() + " in " + Seconds.format(took) + " (" + reason
                                            + ")")
                            + "; schema version " + done.versionBefore() + " -> " + done.versionAfter(),
                    List.of(
                            measure("migrations undone", Integer.toString(done.undone()), "migrations"),
                            measure("rollback duration", Long.toString(took.toMillis()), "ms")),
                    versions(done.versionBefore(), done.versionAfter()));
        }
        if (outcome instanceof RollbackOutcome.NoRestorePoint none) {
            return succeeded(
                    RollbackMethod.DOWN_MIGRATIONS,
                    "restore point " + command.restorePoint() + " was never marked on " + command.database()
                            + ", so there is nothing to undo",
                    List.of(),
                    versions(none.version(), none.version()));
        }
        return new StepFailed(((RollbackOutcome.Failed) outcome).reason(), List.of());
    }

    private EventBody dump(
            TargetDatabase database, RollbackFacts facts, Choice choice, StepReporter reporter, long began) {
        String location = facts.backupLocation();
        Path file = null;
        try {
            if (facts.backupSha256() == null || facts.backupSha256().isBlank()) {
                throw new RestoreFailed("no SHA-256 was recorded for the backup " + location
                        + ", so the file fetched cannot be proven to be it");
            }
            Path directory = workDirectory.orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(directory);
            file = directory.resolve("rollback-" + database.name() + "-" + UUID.randomUUID() + ".dump");
            long fetchBegan = System.nanoTime();
            long bytes = fetcher.fetch(location, file);
            Duration fetched = Duration.ofNanos(System.nanoTime() - fetchBegan);
            String sha256 = PgDump.sha256(file);
            if (!sha256.equalsIgnoreCase(facts.backupSha256())) {
                throw new RestoreFailed("checksum mismatch: the backup " + location + " fetched from S3 has SHA-256 "
                        + sha256.substring(0, 12) + "…, the backup taken before migrating had "
                        + facts.backupSha256()
                                .substring(0, Math.min(12, facts.backupSha256().length()))
                        + "…; refusing to restore it");
            }
            reporter.report(new StepProgressed(
                    "backup " + location + " fetched: " + bytes + " bytes in " + fetched.toMillis()
                            + " ms, SHA-256 matched",
                    List.of(
                            measure("backup size", Long.toString(bytes), "bytes"),
                            measure("backup download", Long.toString(fetched.toMillis()), "ms"))));
            Tables before = tables(database);
            Duration restored = dumpRestore.restore(database, file);
            Tables after = tables(database);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            return succeeded(
                    RollbackMethod.DUMP_RESTORE,
                    "database " + database.name() + " restored in place from the verified dump " + location + " ("
                            + choice.reason() + ") in " + Seconds.format(took) + ": " + before.count() + " -> "
                            + after.count() + " tables of the migrator's role; schema version " + before.version()
                            + " -> " + after.version(),
                    List.of(
                            measure("restore duration", Long.toString(restored.toMillis()), "ms"),
                            measure("rollback duration", Long.toString(took.toMillis()), "ms"),
                            measure("tables before restore", Integer.toString(before.count()), "tables"),
                            measure("tables after restore", Integer.toString(after.count()), "tables")),
                    versions(before.version(), after.version()));
        } catch (RestoreFailed | BackupFailed e) {
            return new StepFailed(
                    "restoring database " + database.name() + " from the dump failed: " + e.getMessage()
                            + (e.getMessage().contains("unchanged") ? "" : "; nothing was restored"),
                    List.of());
        } catch (java.io.IOException e) {
            return new StepFailed(
                    "the backup could not be fetched for database " + database.name() + ": " + e.getMessage()
                            + "; nothing was restored",
                    List.of());
        } catch (SQLException e) {
            return new StepFailed(
                    "database " + database.name() + " could not be read around the restore: " + reason(e), List.of());
        } finally {
            ClientProcess.deleteQuietly(file);
        }
    }

    private EventBody rdsSnapshot(MigratorConfig.Database config, RollbackFacts facts, Choice choice, long began) {
        String instance = config.backup().rdsInstanceId().orElseThrow();
        if (facts == null || facts.rdsSnapshotId() == null) {
            return new StepFailed(
                    "no RDS snapshot of " + instance + " was taken before migrating, so none can be restored ("
                            + choice.reason() + "); nothing was changed",
                    List.of());
        }
        try {
            RestoredInstance restored =
                    rds.fromSnapshot(facts.rdsSnapshotId(), instance + "-rollback", facts.migrationStartedAt());
            return rdsRestored(
                    RollbackMethod.RDS_SNAPSHOT,
                    "from snapshot " + facts.rdsSnapshotId(),
                    instance,
                    restored,
                    choice,
                    began);
        } catch (RestoreFailed e) {
            return new StepFailed(e.getMessage(), List.of());
        }
    }

    private EventBody pointInTime(MigratorConfig.Database config, RollbackFacts facts, Choice choice, long began) {
        String instance = config.backup().rdsInstanceId().orElseThrow();
        if (facts == null || facts.migrationStartedAt() == null) {
            return new StepFailed(
                    "the moment the migration began is not known, so " + instance
                            + " cannot be restored to the point in time before it; nothing was changed",
                    List.of());
        }
        try {
            RestoredInstance restored = rds.toPointInTime(
                    instance, facts.migrationStartedAt(), instance + "-pitr", facts.migrationStartedAt());
            return rdsRestored(
                    RollbackMethod.RDS_POINT_IN_TIME,
                    "to " + facts.migrationStartedAt() + " (when the migration began)",
                    instance,
                    restored,
                    choice,
                    began);
        } catch (RestoreFailed e) {
            return new StepFailed(e.getMessage(), List.of());
        }
    }

    private EventBody rdsRestored(
            RollbackMethod method, String from, String instance, RestoredInstance restored, Choice choice, long began) {
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Map<String, String> outputs = new HashMap<>();
        outputs.put(Outputs.ROLLBACK_METHOD, method.word());
        outputs.put(Outputs.RDS_RESTORED_INSTANCE, restored.instanceId());
        outputs.put(Outputs.RDS_RESTORED_ENDPOINT, restored.endpoint());
        return new StepSucceeded(
                "RDS instance " + restored.instanceId() + " restored " + from + " (" + choice.reason() + "): "
                        + restored.status() + " at " + restored.endpoint() + " after " + Seconds.format(took)
                        + (restored.created() ? "" : " (it existed already; not restored twice)")
                        + "; still to do by hand (runbook R3): point the application's connection string at "
                        + restored.endpoint() + " and restart its pods; " + instance + " is unchanged",
                List.of(
                        measure(
                                "rds restore duration",
                                Long.toString(restored.took().toMillis()),
                                "ms"),
                        measure("restored instance", restored.instanceId(), "instance"),
                        measure("restored endpoint", restored.endpoint(), "endpoint")),
                outputs);
    }

    private static EventBody concludedBefore(String done) {
        int space = done.indexOf(' ');
        String word = space < 0 ? done : done.substring(0, space);
        Map<String, String> outputs = new HashMap<>();
        outputs.put(Outputs.ROLLBACK_METHOD, word);
        return new StepSucceeded(
                (space < 0 ? word : done.substring(space + 1)) + " (done before this command was interrupted; not"
                        + " repeated)",
                List.of(),
                outputs);
    }

    private EventBody succeeded(
            RollbackMethod method, String summary, List<Measurement> measurements, Map<String, String> versions) {
        Map<String, String> outputs = new HashMap<>(versions);
        outputs.put(Outputs.ROLLBACK_METHOD, method.word());
        List<Measurement> all = new ArrayList<>(measurements);
        all.add(0, measure("rollback method", method.word(), "method"));
        LOG.infof("Rollback: %s", summary);
        return new StepSucceeded(summary, all, outputs);
    }

    private static Map<String, String> versions(String before, String after) {
        return Map.of(Outputs.SCHEMA_VERSION_BEFORE, before, Outputs.SCHEMA_VERSION_AFTER, after);
    }

    private Measurement measure(String name, String value, String unit) {
        return new Measurement(name, value, unit, Measurement.Status.SUCCESSFUL, clock.instant());
    }

    /** The relations the migrator's role owns, which a restore replaces, and the schema version. */
    private static Tables tables(TargetDatabase database) throws SQLException {
        try (Connection connection = open(database);
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM pg_class c JOIN"
                        + " pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                        + " AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            int count = rs.getInt(1);
            return new Tables(count, RestorePointState.read(connection, "").version());
        }
    }

    private static Connection open(TargetDatabase database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", "runway-migrator-rollback");
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private static String reason(Exception e) {
        // a message of the driver's may name the host or quote values: only the SQLSTATE or the kind of failure
        return DatabaseError.summary(e).orElseGet(() -> e.getClass().getSimpleName());
    }

    private record Choice(RollbackMethod method, String reason) {}

    private record Tables(int count, String version) {}
}
