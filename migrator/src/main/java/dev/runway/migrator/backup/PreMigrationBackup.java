package dev.runway.migrator.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.migrator.postgres.ClientProcess;
import dev.runway.model.RunwayJson;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runbook Step 2.1, before any migration of a {@code StartMigration}: dump the database, prove the dump readable, upload
 * it and prove the upload, and on RDS take a snapshot too. Each is reported as a measured fact; a backup not taken is
 * said to be not taken, never claimed.
 *
 * <p>A command is backed up once: the moment its backup started is checkpointed before pg_dump runs, and the stored
 * backup once it is proven. A command resumed after a restart reuses that backup, and finds the RDS snapshot by its
 * name; one that stopped between the two checkpoints dumps again under the same name, replacing the same object.
 */
@ApplicationScoped
public class PreMigrationBackup {

    private static final String STARTED_AT = "backup.started-at";
    private static final String STORED = "backup";

    private static final Logger LOG = Logger.getLogger(PreMigrationBackup.class);

    private final BackupConfig config;
    private final PgDump pgDump;
    private final BackupStore store;
    private final DatabaseSnapshots snapshots;
    private final Clock clock;

    @Inject
    public PreMigrationBackup(
            BackupConfig config, BackupStore store, DatabaseSnapshots snapshots, Redactor redactor, Clock clock) {
        this(
                config,
                new PgDump(config.pgDumpPath(), config.pgRestorePath(), config.dumpTimeout(), redactor),
                store,
                snapshots,
                clock);
    }

    public PreMigrationBackup(
            BackupConfig config, PgDump pgDump, BackupStore store, DatabaseSnapshots snapshots, Clock clock) {
        this.config = config;
        this.pgDump = pgDump;
        this.store = store;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    public BackupOutcome before(
            UUID releaseId, TargetDatabase database, MigratorConfig.Backup where, StepReporter reporter) {
        Optional<String> bucket = where.bucket().filter(b -> !b.isBlank());
        if (bucket.isEmpty()) {
            return notConfigured(database.name(), reporter);
        }
        BackupName name = new BackupName(database.name(), releaseId, startedAt(reporter));
        try {
            BackupRecord backup = stored(reporter).orElse(null);
            if (backup != null) {
                reporter.report(new StepProgressed(
                        backup.runbookLine() + "; taken before this command was interrupted, reused",
                        measurements(backup)));
            } else {
                backup = take(database, bucket.get(), name);
                checkpoint(reporter, backup);
                LOG.info(backup.runbookLine());
                reporter.report(new StepProgressed(backup.runbookLine(), measurements(backup)));
            }
            List<Measurement> measurements = new ArrayList<>(measurements(backup));
            Optional<String> instance = where.rdsInstanceId().filter(id -> !id.isBlank());
            Optional<Snapshot> snapshot = Optional.empty();
            if (instance.isPresent()) {
                Snapshot taken = snapshots.snapshot(instance.get(), name.snapshotId());
                List<Measurement> facts = List.of(
                        measure("rds snapshot", taken.id(), ""),
                        measure(
                                "rds snapshot duration",
                                Long.toString(taken.took().toMillis()),
                                "ms"));
                String line = "RDS snapshot " + taken.id() + " of instance " + taken.instanceId() + ": "
                        + taken.status() + (taken.created() ? "" : " (taken before this command was interrupted)")
                        + ", " + BackupRecord.grouped(taken.took().toMillis()) + " ms";
                LOG.info(line);
                reporter.report(new StepProgressed(line, facts));
                measurements.addAll(facts);
                snapshot = Optional.of(taken);
            }
            return new BackupOutcome.Taken(backup, snapshot, measurements);
        } catch (BackupFailed e) {
            LOG.errorf("Backup of database %s before migrating failed: %s", database.name(), e.getMessage());
            return new BackupOutcome.Refused(
                    "backup before migration failed: " + e.getMessage() + "; nothing was migrated");
        }
    }

    private BackupOutcome notConfigured(String database, StepReporter reporter) {
        String why = "no backup bucket configured for database " + database + " (runway.databases.\"" + database
                + "\".backup.bucket)";
        if (config.required()) {
            return new BackupOutcome.Refused("backup NOT taken: " + why
                    + "; the runbook requires one before migrating (Step 2.1), so nothing was migrated"
                    + " (runway.migrator.backup.required=false allows migrating without one)");
        }
        reporter.report(new StepProgressed(
                "backup NOT taken: " + why + "; migrating without one, as runway.migrator.backup.required=false allows",
                List.of()));
        return new BackupOutcome.NotTaken(why);
    }

    private BackupRecord take(TargetDatabase database, String bucket, BackupName name) {
        long began = System.nanoTime();
        Path directory = config.workDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path file = directory.resolve(name.fileName());
        try {
            Files.createDirectories(directory);
            DumpedFile dumped = pgDump.dump(database, file);
            StoredBackup stored = store.store(bucket, name.key(), dumped);
            return new BackupRecord(
                    name.key(),
                    stored.location(),
                    dumped.bytes(),
                    dumped.entries(),
                    dumped.sha256(),
                    stored.parts(),
                    stored.checksum(),
                    (System.nanoTime() - began) / 1_000_000);
        } catch (IOException e) {
            throw new BackupFailed("the work directory " + directory + " cannot be written: " + e.getMessage(), e);
        } finally {
            // the backup is the stored object: a local copy would only fill the migrator's disk
            ClientProcess.deleteQuietly(file);
        }
    }

    private Instant startedAt(StepReporter reporter) {
        return reporter.checkpointed(STARTED_AT).map(Instant::parse).orElseGet(() -> {
            Instant now = clock.instant();
            reporter.checkpoint(STARTED_AT, now.toString());
            return now;
        });
    }

    private static Optional<BackupRecord> stored(StepReporter reporter) {
        return reporter.checkpointed(STORED).map(json -> {
            try {
                return RunwayJson.wire().readValue(json, BackupRecord.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the checkpointed backup cannot be read", e);
            }
        });
    }

    private static void checkpoint(StepReporter reporter, BackupRecord backup) {
        try {
            reporter.checkpoint(STORED, RunwayJson.wire().writeValueAsString(backup));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backup record cannot be written", e);
        }
    }

    private List<Measurement> measurements(BackupRecord backup) {
        return List.of(
                measure("backup size", Long.toString(backup.bytes()), "bytes"),
                measure("backup entries", Integer.toString(backup.entries()), "entries"),
                measure("backup sha256", backup.sha256(), "sha256"),
                measure("backup location", backup.location(), ""),
                measure("backup duration", Long.toString(backup.tookMs()), "ms"));
    }

    private Measurement measure(String name, String value, String unit) {
        return new Measurement(name, value, unit, Measurement.Status.SUCCESSFUL, clock.instant());
    }
}
