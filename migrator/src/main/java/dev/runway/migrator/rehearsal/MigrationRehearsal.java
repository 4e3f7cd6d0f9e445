package dev.runway.migrator.rehearsal;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.MigrationOutcome;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.RollbackOutcome;
import dev.runway.migrator.SchemaMigrator;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.backup.BackupOutcome;
import dev.runway.migrator.backup.PgDump;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.spec.Migration;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runbook Step 2.2, after the backup and before production is touched: the fresh backup is restored into a scratch
 * database, the release's migrations are applied there by the same code that migrates production, then rolled back to
 * the restore point, each timed. Production is migrated only when that passed within the migration's timeout, or when
 * the DBA consented in the GO/NO-GO vote to doing without. The scratch database is always dropped.
 *
 * <p>A passed rehearsal is checkpointed: a command resumed after a restart does not rehearse again.
 */
@ApplicationScoped
public class MigrationRehearsal {

    private static final String PASSED = "rehearsal.passed";
    private static final Logger LOG = Logger.getLogger(MigrationRehearsal.class);

    private final SchemaMigrator migrator;
    private final BackupDownloads downloads;
    private final RehearsalConfig config;
    private final Redactor redactor;
    private final Clock clock;

    public MigrationRehearsal(
            SchemaMigrator migrator,
            BackupDownloads downloads,
            RehearsalConfig config,
            Redactor redactor,
            Clock clock) {
        this.migrator = migrator;
        this.downloads = downloads;
        this.config = config;
        this.redactor = redactor;
        this.clock = clock;
    }

    public RehearsalOutcome before(
            UUID releaseId,
            StartMigration start,
            TargetDatabase production,
            MigratorConfig.RehearsalServer where,
            BackupOutcome backedUp,
            Duration timeout,
            StepReporter reporter) {
        if (start.rehearsalSkipped()) {
            String line = "rehearsal skipped: the DBA (" + start.rehearsal().consentedBy()
                    + ") consented in the go/no-go vote";
            LOG.info(line);
            reporter.report(new StepProgressed(line, List.of()));
            return new RehearsalOutcome.NotRehearsed(line);
        }
        Optional<String> passed = reporter.checkpointed(PASSED);
        if (passed.isPresent()) {
            reporter.report(new StepProgressed(
                    passed.get() + "; passed before this command was interrupted, not repeated", List.of()));
            return new RehearsalOutcome.Rehearsed(passed.get(), List.of());
        }
        if (!(backedUp instanceof BackupOutcome.Taken taken)) {
            return notRun(reporter);
        }
        ScratchDatabases server = new ScratchDatabases(serverFor(production, where));
        String name = ScratchDatabases.nameFor(releaseId);
        TargetDatabase scratch;
        try {
            scratch = server.target(name);
        } catch (RehearsalFailed e) {
            return refused(name, e.getMessage());
        }
        Path directory = config.workDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path dump = directory.resolve(name + ".dump");
        try {
            List<String> dropped = server.dropLeftovers(name);
            if (!dropped.isEmpty()) {
                LOG.infof("dropped scratch database(s) left by an interrupted rehearsal: %s", dropped);
            }
            long began = System.nanoTime();
            Files.createDirectories(directory);
            downloads.download(taken.backup().location(), dump);
            String sha256 = PgDump.sha256(dump);
            if (!sha256.equals(taken.backup().sha256())) {
                return refused(
                        name,
                        "the backup read back from " + taken.backup().location() + " has SHA-256 " + sha256
                                + ", not the " + taken.backup().sha256() + " reported when it was taken");
            }
            try (Connection inUse = server.create(name)) {
                new PgRestore(config.pgRestorePath(), config.restoreTimeout(), redactor).restore(dump, scratch);
                Duration restored = since(began);
                return rehearse(start, scratch, taken.backup().key(), restored, timeout, reporter);
            } finally {
                server.drop(name);
            }
        } catch (RehearsalFailed e) {
            return refused(name, e.getMessage());
        } catch (SQLException e) {
            return refused(
                    name,
                    "the scratch database could not be created or dropped on the server of " + production.name() + ": "
                            + DatabaseError.summary(e).orElseGet(() -> redactor.redact(e.getMessage())));
        } catch (IOException e) {
            return refused(name, "the backup could not be written to " + directory + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException e) {
                // a leftover file is no reason to fail the rehearsal
            }
        }
    }

    private RehearsalOutcome rehearse(
            StartMigration start,
            TargetDatabase scratch,
            String backupKey,
            Duration restored,
            Duration timeout,
            StepReporter reporter) {
        long began = System.nanoTime();
        MigrationOutcome applied =
                migrator.migrate(scratch, start.restorePoint(), start.migrations(), timeout, migration -> {});
        Duration applying = since(began);
        if (applied instanceof MigrationOutcome.Failed failed) {
            return refused(scratch.name(), failed.reason());
        }
        if (applying.compareTo(timeout) > 0) {
            return refused(
                    scratch.name(),
                    start.migrations().size() + " migration(s) took " + Seconds.format(applying)
                            + ", longer than the migration timeout of " + timeout.toSeconds() + " s");
        }
        String head = "rehearsal on scratch database " + scratch.name() + " restored from " + backupKey + " in "
                + restored.toMillis() + " ms: " + applied.applied().size() + " migration(s) applied in "
                + Seconds.format(applying) + " (limit " + timeout.toSeconds() + " s)";
        List<Measurement> measurements = List.of(
                measure("rehearsal restore duration", restored.toMillis()),
                measure("rehearsal migrations duration", applying.toMillis()));
        Optional<Migration> irreversible = start.migrations().stream()
                .filter(m -> m.rollbackSql() == null || m.rollbackSql().isBlank())
                .findFirst();
        String line;
        if (irreversible.isPresent()) {
            line = head + "; rollback rehearsal: not possible, migration "
                    + irreversible.get().id() + " has no rollbackSql; R3 would restore from the backup";
        } else {
            long undoing = System.nanoTime();
            RollbackOutcome undone = migrator.rollBack(scratch, start.restorePoint());
            Duration rollingBack = since(undoing);
            if (undone instanceof RollbackOutcome.Failed failed) {
                return refused(scratch.name(), "the migrations applied, but " + failed.reason());
            }
            line = head + ", rolled back in " + Seconds.format(rollingBack);
            measurements = List.of(
                    measurements.get(0),
                    measurements.get(1),
                    measure("rehearsal rollback duration", rollingBack.toMillis()));
        }
        LOG.info(line);
        reporter.checkpoint(PASSED, line);
        reporter.report(new StepProgressed(line, measurements));
        return new RehearsalOutcome.Rehearsed(line, measurements);
    }

    private RehearsalOutcome notRun(StepReporter reporter) {
        String why = "rehearsal not run: no backup to restore from";
        if (config.required()) {
            return new RehearsalOutcome.Refused(why + "; the runbook tests migrations on a copy before production"
                    + " (Step 2.2), so nothing was migrated (the DBA may consent to skipping it in the go/no-go vote;"
                    + " runway.migrator.rehearsal.required=false allows migrating without one)");
        }
        String line = why + "; migrating without one, as runway.migrator.rehearsal.required=false allows";
        reporter.report(new StepProgressed(line, List.of()));
        return new RehearsalOutcome.NotRehearsed(line);
    }

    private static RehearsalOutcome refused(String scratch, String why) {
        String reason = "rehearsal on scratch database " + scratch + " failed: " + why + "; production was not touched";
        LOG.error(reason);
        return new RehearsalOutcome.Refused(reason);
    }

    /**
     * The server and role configured for rehearsals of this database; each unset part is the database's own. A role of
     * its own with CREATEDB keeps the production role without it.
     */
    private static TargetDatabase serverFor(TargetDatabase production, MigratorConfig.RehearsalServer where) {
        if (where == null) {
            return production;
        }
        return new TargetDatabase(
                production.name(),
                where.jdbcUrl().orElse(production.jdbcUrl()),
                where.username().orElse(production.username()),
                where.password().orElse(production.password()));
    }

    private static Duration since(long began) {
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private Measurement measure(String name, long millis) {
        return new Measurement(name, Long.toString(millis), "ms", Measurement.Status.SUCCESSFUL, clock.instant());
    }
}
