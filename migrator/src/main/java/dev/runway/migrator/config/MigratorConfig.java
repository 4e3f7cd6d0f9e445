package dev.runway.migrator.config;

import dev.runway.migrator.restore.RdsMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The migrator's configuration. */
@ConfigMapping(prefix = "runway")
public interface MigratorConfig {

    /**
     * The databases a release may migrate, by the name the coordinator's targets give them
     * ({@code runway.targets."<app>"."<env>".database}).
     */
    Map<String, Database> databases();

    /**
     * How long a migration or rollback waits for another migration of the same database to end before it fails,
     * saying who holds the lock since when; a migration waits no longer than its own timeout.
     */
    @WithDefault("5m")
    Duration changelogLockWait();

    interface Database {
        /** e.g. {@code jdbc:postgresql://db.internal:5432/shop} */
        String jdbcUrl();

        String username();

        /** Never logged, never reported: the migrator masks it in every message. */
        String password();

        /** Where runbook Step 2.1's backup of this database goes ({@code runway.migrator.backup} says how). */
        Backup backup();

        /** How runbook Step R3 restores this database when its migrations cannot be undone by SQL. */
        Rollback rollback();

        /** Where runbook Step 2.2's scratch database is created; unset means this database's own server. */
        RehearsalServer rehearsal();
    }

    interface Rollback {
        /** On RDS: restore a new instance from the snapshot or to the point in time; none restores the dump in place. */
        Optional<RdsMode> rdsMode();
    }

    /**
     * A PostgreSQL server the migrator may create and drop {@code runway_rehearsal_*} databases on. The JDBC URL names
     * the database the migrator connects to while it does (e.g. {@code postgres}).
     */
    interface RehearsalServer {
        Optional<String> jdbcUrl();

        Optional<String> username();

        /** Never logged, never reported: the migrator masks it in every message. */
        Optional<String> password();
    }

    interface Backup {
        /** The S3 bucket the dump is uploaded to; none means no backup is taken. */
        Optional<String> bucket();

        /** The RDS instance the database runs on, if it does: a snapshot of it is taken too. */
        Optional<String> rdsInstanceId();
    }
}
