package dev.runway.migrator;

import dev.runway.migrator.backup.BackupOutcome;
import dev.runway.migrator.backup.PreMigrationBackup;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.migrator.rehearsal.MigrationRehearsal;
import dev.runway.migrator.rehearsal.RehearsalOutcome;
import dev.runway.migrator.restore.DatabaseRollback;
import dev.runway.migrator.verification.DatabaseVerifier;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Thresholds;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Carries out runbook Phase 2 (Steps 2.1 to 2.5) and Rollback Step R3 (as {@link DatabaseRollback} chooses) for one
 * command, and reports started, the backup, the rehearsal on a scratch copy, one progress line per applied migration
 * and per verified item, then exactly one concluding event. Nothing is migrated unless the backup was taken (or the
 * configuration allows migrating without one) and the rehearsal passed (or the DBA consented in the vote to doing
 * without).
 *
 * <p>The intake ignores a redelivered command; when its id has been forgotten (a restart), the
 * database's own changelog is the record of what ran, so a repeated {@link StartMigration} applies
 * nothing twice and a repeated {@link RollBackMigration} finds nothing left after the restore point.
 */
@ApplicationScoped
public class MigrationCommandHandler implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(MigrationCommandHandler.class);

    private final SchemaMigrator migrator;
    private final MigratorConfig config;
    private final Redactor redactor;
    private final Clock clock;
    private final DatabaseVerifier verifier;
    private final PreMigrationBackup backup;
    private final DatabaseRollback rollback;
    private final MigrationRehearsal rehearsal;

    public MigrationCommandHandler(
            SchemaMigrator migrator,
            MigratorConfig config,
            Redactor redactor,
            Clock clock,
            DatabaseVerifier verifier,
            PreMigrationBackup backup,
            DatabaseRollback rollback,
            MigrationRehearsal rehearsal) {
        this.migrator = migrator;
        this.config = config;
        this.redactor = redactor;
        this.clock = clock;
        this.verifier = verifier;
        this.backup = backup;
        this.rollback = rollback;
        this.rehearsal = rehearsal;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof StartMigration start) {
            start(command.releaseId(), start, reporter);
        } else if (command.body() instanceof RollBackMigration rollBack) {
            rollBack(rollBack, reporter);
        } else {
            reporter.report(new StepFailed(
                    "the migrator does not carry out "
                            + command.body().getClass().getSimpleName(),
                    List.of()));
        }
    }

    private void start(UUID releaseId, StartMigration start, StepReporter reporter) {
        reporter.report(new StepStarted("applying " + start.migrations().size() + " migration(s) to database "
                + start.database() + " after restore point " + start.restorePoint()));
        Optional<TargetDatabase> database = target(start.database());
        if (database.isEmpty()) {
            reporter.report(unknownDatabase(start.database()));
            return;
        }
        BackupOutcome backedUp = backUp(releaseId, start, database.get(), reporter);
        if (backedUp instanceof BackupOutcome.Refused refused) {
            reporter.report(new StepFailed(refused.reason(), List.of()));
            return;
        }
        RehearsalOutcome rehearsed = rehearse(releaseId, start, database.get(), backedUp, reporter);
        if (rehearsed instanceof RehearsalOutcome.Refused refused) {
            List<Measurement> measurements = new ArrayList<>(backedUp.measurements());
            reporter.report(new StepFailed(refused.reason(), measurements));
            return;
        }
        MigrationOutcome outcome;
        try {
            outcome = migrator.migrate(
                    database.get(),
                    start.restorePoint(),
                    start.migrations(),
                    timeout(start),
                    applied -> reporter.report(new StepProgressed(applied.runbookLine(), List.of(measure(applied)))));
        } catch (RuntimeException e) {
            outcome = new MigrationOutcome.Failed(unexpected(e), List.of());
        }
        EventBody concluded = conclusion(start, outcome, backedUp, rehearsed);
        if (concluded instanceof StepSucceeded migrated) {
            // Steps 2.4 and 2.5, also when a redelivery found every migration applied: verifying only reads
            concluded = verifier.verify(database.get(), start, finding -> reporter.report(finding.progress()))
                    .after(migrated);
        }
        reporter.report(concluded);
    }

    private BackupOutcome backUp(UUID releaseId, StartMigration start, TargetDatabase database, StepReporter reporter) {
        try {
            return backup.before(
                    releaseId,
                    database,
                    config.databases().get(start.database()).backup(),
                    reporter);
        } catch (RuntimeException e) {
            return new BackupOutcome.Refused(
                    "backup before migration failed: " + unexpected(e) + "; nothing was migrated");
        }
    }

    /** Runbook Step 2.2: on a scratch copy restored from the backup just taken, before production is touched. */
    private RehearsalOutcome rehearse(
            UUID releaseId,
            StartMigration start,
            TargetDatabase database,
            BackupOutcome backedUp,
            StepReporter reporter) {
        try {
            return rehearsal.before(
                    releaseId,
                    start,
                    database,
                    config.databases().get(start.database()).rehearsal(),
                    backedUp,
                    timeout(start),
                    reporter);
        } catch (RuntimeException e) {
            return new RehearsalOutcome.Refused(
                    "rehearsal before migration failed: " + unexpected(e) + "; production was not touched");
        }
    }

    private EventBody conclusion(
            StartMigration start, MigrationOutcome outcome, BackupOutcome backedUp, RehearsalOutcome rehearsed) {
        List<Measurement> measurements = new ArrayList<>(backedUp.measurements());
        measurements.addAll(rehearsed.measurements());
        outcome.applied().stream().map(this::measure).forEach(measurements::add);
        Duration total =
                outcome.applied().stream().map(AppliedMigration::duration).reduce(Duration.ZERO, Duration::plus);
        if (outcome instanceof MigrationOutcome.Completed done) {
            return new StepSucceeded(
                    (done.applied().isEmpty()
                                    ? "all " + start.migrations().size() + " migration(s) were already applied to "
                                            + start.database()
                                    : done.applied().size() + " migration(s) applied to " + start.database()
                                            + ", total duration " + Seconds.format(total))
                            + "; schema version " + done.versionBefore() + " -> " + done.versionAfter()
                            + "; " + backedUp.summary() + "; " + rehearsed.summary(),
                    measurements,
                    withBackup(
                            Map.of(
                                    StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE,
                                    done.versionBefore(),
                                    StepSucceeded.Outputs.SCHEMA_VERSION_AFTER,
                                    done.versionAfter()),
                            backedUp));
        }
        MigrationOutcome.Failed failed = (MigrationOutcome.Failed) outcome;
        return new StepFailed(
                failed.reason()
                        + (failed.applied().isEmpty()
                                ? ""
                                : "; " + failed.applied().size()
                                        + " earlier migration(s) stay applied until rolled back to "
                                        + start.restorePoint())
                        + (rehearsed instanceof RehearsalOutcome.Rehearsed passed
                                ? "; before it, " + passed.summary()
                                : ""),
                measurements);
    }

    private static Map<String, String> withBackup(Map<String, String> outputs, BackupOutcome backedUp) {
        Map<String, String> all = new HashMap<>(outputs);
        all.putAll(backedUp.outputs());
        return all;
    }

    private void rollBack(RollBackMigration rollBack, StepReporter reporter) {
        reporter.report(new StepStarted(
                "rolling database " + rollBack.database() + " back to restore point " + rollBack.restorePoint()));
        Optional<TargetDatabase> database = target(rollBack.database());
        if (database.isEmpty()) {
            reporter.report(unknownDatabase(rollBack.database()));
            return;
        }
        EventBody concluded;
        try {
            concluded =
                    rollback.rollBack(database.get(), config.databases().get(rollBack.database()), rollBack, reporter);
        } catch (RuntimeException e) {
            concluded = new StepFailed(unexpected(e), List.of());
        }
        reporter.report(concluded);
    }

    private Optional<TargetDatabase> target(String name) {
        return Optional.ofNullable(config.databases().get(name))
                .map(db -> new TargetDatabase(name, db.jdbcUrl(), db.username(), db.password()));
    }

    private StepFailed unknownDatabase(String name) {
        return new StepFailed(
                "no database named " + name + " is configured in the migrator (runway.databases.\"" + name
                        + "\".jdbc-url)",
                List.of());
    }

    private String unexpected(RuntimeException e) {
        // a database error reaching this far is still summarised: its message may quote row values
        Optional<String> database = DatabaseError.summary(e);
        LOG.errorf("unexpected failure: %s", database.orElseGet(() -> redactor.redact(String.valueOf(e))));
        return "the migrator failed unexpectedly: "
                + database.orElseGet(() -> redactor.redact(String.valueOf(e.getMessage())));
    }

    private static Duration timeout(StartMigration start) {
        return Duration.ofSeconds(
                start.timeoutSeconds() > 0
                        ? start.timeoutSeconds()
                        : Thresholds.RUNBOOK_DEFAULTS.migrationTimeoutSeconds());
    }

    private Measurement measure(AppliedMigration applied) {
        return new Measurement(
                applied.id(),
                Long.toString(applied.duration().toMillis()),
                "ms",
                Measurement.Status.SUCCESSFUL,
                clock.instant());
    }
}
