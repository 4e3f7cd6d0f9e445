package dev.runway.migrator.liquibase;

import dev.runway.migrator.AppliedMigration;
import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.MigrationOutcome;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.RollbackOutcome;
import dev.runway.migrator.SchemaMigrator;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.config.MigrationTimeouts;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.model.spec.Migration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.TagCommandStep;
import liquibase.command.core.TagExistsCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Liquibase open source: tag, update and rollback-to-tag give reversible migrations (runbook Step
 * R3, option 1) without a commercial edition.
 */
@ApplicationScoped
public class LiquibaseSchemaMigrator implements SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(LiquibaseSchemaMigrator.class);
    /** PostgreSQL's query_canceled: the statement was cancelled at the deadline or by its statement_timeout. */
    private static final String QUERY_CANCELED = "57014";
    /** PostgreSQL's lock_not_available: a lock was not granted within lock_timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final DatabaseErrorWithholdingLogService LOG_SERVICE = new DatabaseErrorWithholdingLogService();

    static {
        ChangeLogLock.signLiquibaseLocks();
    }

    private final Redactor redactor;
    private final Clock clock;
    private final ChangeLogLock changeLogLock;
    private final Duration changeLogLockWait;
    private final MigrationTimeouts timeouts;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "migration-timeout");
        thread.setDaemon(true);
        return thread;
    });

    public LiquibaseSchemaMigrator(
            Redactor redactor, Clock clock, MeterRegistry meters, MigratorConfig config, MigrationTimeouts timeouts) {
        this.redactor = redactor;
        this.clock = clock;
        this.changeLogLock = new ChangeLogLock(meters);
        this.changeLogLockWait = config.changelogLockWait();
        this.timeouts = timeouts;
    }

    @Override
    public MigrationOutcome migrate(
            TargetDatabase target,
            String restorePoint,
            List<Migration> migrations,
            Duration timeout,
            Consumer<AppliedMigration> onApplied) {
        Run run = new Run(migrations, System.nanoTime() + timeout.toNanos(), onApplied);
        ScheduledFuture<?> watchdog = null;
        try (Connection connection = open(target)) {
            // the wait for the lock has its own bound, and ends with a reason rather than a cancelled statement
            changeLogLock.take(connection, target.name(), min(changeLogLockWait, timeout));
            watchdog = timer.schedule(
                    () -> run.expire(connection), run.deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            String before = Versions.latest(connection);
            RestorePoints.record(connection, restorePoint, migrations, clock.instant());
            Database database = liquibase(connection);
            inScope(() -> {
                if (!tagExists(database, restorePoint)) {
                    new CommandScope(TagCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(TagCommandStep.TAG_ARG, restorePoint)
                            .execute();
                }
                DatabaseChangeLog changeLog = ChangeLogs.of(migrations);
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_ARG, changeLog)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, ChangeLogs.PATH)
                        .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, run)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .execute();
            });
            return new MigrationOutcome.Completed(before, Versions.latest(connection), run.applied);
        } catch (Exception e) {
            return new MigrationOutcome.Failed(run.describe(e, timeout), run.applied);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    @PreDestroy
    void stopTimer() {
        timer.shutdownNow();
    }

    @Override
    public RollbackOutcome rollBack(TargetDatabase target, String restorePoint) {
        try (Connection connection = open(target)) {
            changeLogLock.take(connection, target.name(), changeLogLockWait);
            String before = Versions.latest(connection);
            Optional<List<Migration>> recorded = RestorePoints.find(connection, restorePoint);
            Database database = liquibase(connection);
            boolean marked = inScope(() -> tagExists(database, restorePoint));
            if (!marked) {
                return new RollbackOutcome.NoRestorePoint(before);
            }
            // a restore point marked by someone else: with nothing applied after it there is nothing to undo
            DatabaseChangeLog changeLog = ChangeLogs.of(recorded.orElse(List.of()));
            Undo undo = new Undo();
            inScope(() -> new CommandScope(RollbackCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_ARG, changeLog)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, ChangeLogs.PATH)
                    .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, undo)
                    .addArgumentValue(RollbackCommandStep.TAG_ARG, restorePoint)
                    .execute());
            return new RollbackOutcome.RolledBack(before, Versions.latest(connection), undo.undone);
        } catch (Exception e) {
            return new RollbackOutcome.Failed("rollback of database " + target.name() + " to restore point "
                    + restorePoint + " failed: " + databaseError(e));
        }
    }

    private Connection open(TargetDatabase target) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", target.username());
        credentials.setProperty("password", target.password());
        // drivers from this class loader: DriverManager may hold one registered by another class loader
        for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
            if (driver.acceptsURL(target.jdbcUrl())) {
                Connection connection = driver.connect(target.jdbcUrl(), credentials);
                if (connection != null) {
                    return connection;
                }
            }
        }
        throw new SQLException("no JDBC driver accepts the URL of database " + target.name());
    }

    private static Database liquibase(Connection connection) throws Exception {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }

    private static boolean tagExists(Database database, String tag) throws Exception {
        return new CommandScope(TagExistsCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(TagExistsCommandStep.TAG_ARG, tag)
                .execute()
                .getResult(TagExistsCommandStep.TAG_EXISTS_RESULT);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Analytics off: a migrator must not call out to a vendor, and on a closed network the attempt only
     * delays. The UI goes to the log rather than to standard out, and the log keeps the database's words out.
     * {@link ChangeLogLock} has done the waiting for the changelog lock: Liquibase tries once more a second later
     * instead of its own five minutes.
     */
    private static <T> T inScope(Scope.ScopedRunnerWithReturn<T> work) throws Exception {
        return Scope.child(
                Map.of(
                        "liquibase.analytics.enabled",
                        false,
                        "liquibase.changelogLockWaitTimeInMinutes",
                        0L,
                        "liquibase.changelogLockPollRate",
                        1L,
                        Scope.Attr.ui.name(),
                        new LoggerUIService(),
                        Scope.Attr.logService.name(),
                        LOG_SERVICE,
                        Scope.Attr.resourceAccessor.name(),
                        new ClassLoaderResourceAccessor(LiquibaseSchemaMigrator.class.getClassLoader())),
                work);
    }

    private static void inScope(Scope.ScopedRunner<?> work) throws Exception {
        inScope(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A database error by its SQLSTATE only (its message may quote row values); an error from elsewhere (no driver,
     * the deadline) by the first line of its own message.
     */
    private String databaseError(Throwable e) {
        return DatabaseError.summary(e).orElseGet(() -> {
            String message = String.valueOf(rootOf(e).getMessage());
            return redactor.redact(message.lines().findFirst().orElse(message).trim());
        });
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean canceled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())
                    || t instanceof DeadlinePassed) {
                return true;
            }
        }
        return false;
    }

    /** Follows one update: times each migration and bounds the whole run by its deadline. */
    private final class Run extends AbstractChangeExecListener {
        private final Map<String, Migration> byId = new HashMap<>();
        private final long deadlineNanos;
        private final Consumer<AppliedMigration> onApplied;
        final List<AppliedMigration> applied = new ArrayList<>();
        ChangeSet failed;
        private volatile boolean timedOut;
        private ChangeSet running;
        private long startedNanos;

        Run(List<Migration> migrations, long deadlineNanos, Consumer<AppliedMigration> onApplied) {
            migrations.forEach(m -> byId.put(m.id(), m));
            this.deadlineNanos = deadlineNanos;
            this.onApplied = onApplied;
        }

        @Override
        public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, RunStatus runStatus) {
            running = changeSet;
            if (timedOut || System.nanoTime() - deadlineNanos >= 0) {
                timedOut = true;
                failed = changeSet;
                throw new DeadlinePassed();
            }
            startedNanos = System.nanoTime();
        }

        /**
         * Inside the migration's transaction, just before its SQL: Liquibase rolls back what came before (after the
         * changeset's preconditions), which would undo a SET made in {@link #willRun(ChangeSet, DatabaseChangeLog,
         * Database, RunStatus)}.
         */
        @Override
        public void willRun(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
            bound(database, byId.get(changeSet.getId()));
        }

        /**
         * Runbook Step 2.3: the migration's own lock_timeout and statement_timeout, on the connection Liquibase runs
         * it on, so that a migration queued behind a long transaction fails instead of holding production's queries
         * behind it.
         */
        private void bound(Database database, Migration migration) {
            Duration lock = lockTimeout(migration);
            Duration statement = statementTimeout(migration);
            try (Statement set = ((JdbcConnection) database.getConnection())
                    .getUnderlyingConnection()
                    .createStatement()) {
                set.execute("SET lock_timeout = " + lock.toMillis());
                set.execute("SET statement_timeout = " + statement.toMillis());
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "the timeouts of migration " + migration.id() + " could not be set: "
                                + DatabaseError.summary(e).orElse("no SQLSTATE"),
                        e);
            }
        }

        @Override
        public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ExecType execType) {
            if (execType == ExecType.EXECUTED) {
                Migration spec = byId.get(changeSet.getId());
                AppliedMigration migration = new AppliedMigration(
                        changeSet.getId(),
                        spec.description(),
                        Duration.ofNanos(System.nanoTime() - startedNanos),
                        lockTimeout(spec),
                        statementTimeout(spec));
                applied.add(migration);
                LOG.info(migration.runbookLine());
                onApplied.accept(migration);
            }
        }

        @Override
        public void runFailed(
                ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception exception) {
            failed = changeSet;
        }

        /**
         * At the deadline: the server cancels the running statement and the migration's transaction
         * rolls back; a cancel between statements is harmless, {@link #willRun} stops the next one.
         */
        void expire(Connection connection) {
            timedOut = true;
            try {
                if (connection.isWrapperFor(PGConnection.class)) {
                    connection.unwrap(PGConnection.class).cancelQuery();
                } else {
                    connection.abort(Runnable::run);
                }
            } catch (SQLException e) {
                LOG.warnf(
                        "could not cancel the running migration: %s",
                        DatabaseError.summary(e).orElse("no SQLSTATE"));
            }
        }

        String describe(Exception e, Duration timeout) {
            ChangeSet culprit = failed != null ? failed : running;
            String migration = culprit == null
                    ? ""
                    : " at migration " + culprit.getId() + " ("
                            + byId.get(culprit.getId()).description() + ")";
            if (timedOut && canceled(e)) {
                return "migrations did not finish within the timeout of " + timeout.toSeconds() + "s" + migration;
            }
            if (culprit == null) {
                String reason = "migrations could not start: " + databaseError(e);
                LOG.warn(reason);
                return reason;
            }
            Optional<String> sqlState = DatabaseError.sqlState(e);
            LOG.warnf("migration %s failed with %s", culprit.getId(), sqlState.orElse("no SQLSTATE"));
            Migration spec = byId.get(culprit.getId());
            String why = "";
            if (sqlState.filter(LOCK_NOT_AVAILABLE::equals).isPresent()) {
                why = "; it waited longer than its lock_timeout " + AppliedMigration.seconds(lockTimeout(spec))
                        + " for a lock another session holds, and gave up rather than hold production's queries"
                        + " behind it";
            } else if (sqlState.filter(QUERY_CANCELED::equals).isPresent()) {
                why = "; a statement ran longer than its statement_timeout "
                        + AppliedMigration.seconds(statementTimeout(spec));
            }
            return "migration " + culprit.getId() + " (" + spec.description() + ") failed: " + databaseError(e) + why;
        }
    }

    private Duration lockTimeout(Migration migration) {
        return migration.lockTimeoutSeconds() == null
                ? timeouts.lockTimeout()
                : Duration.ofSeconds(migration.lockTimeoutSeconds());
    }

    private Duration statementTimeout(Migration migration) {
        return migration.statementTimeoutSeconds() == null
                ? timeouts.statementTimeout()
                : Duration.ofSeconds(migration.statementTimeoutSeconds());
    }

    /** Counts the migrations a rollback undid. */
    private static final class Undo extends AbstractChangeExecListener {
        int undone;

        @Override
        public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
            if (ChangeLogs.AUTHOR.equals(changeSet.getAuthor())) {
                undone++;
            }
        }
    }

    private static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super("deadline passed before the next migration");
        }
    }
}
