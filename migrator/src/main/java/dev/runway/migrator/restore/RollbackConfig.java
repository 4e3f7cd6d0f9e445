package dev.runway.migrator.restore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the migrator restores a database it cannot roll back by SQL (runbook Step R3). S3 and RDS are reached as
 * {@code runway.migrator.backup} says; pg_restore is the backup's.
 */
@ConfigMapping(prefix = "runway.migrator.rollback")
public interface RollbackConfig {

    @WithDefault("psql")
    String psqlPath();

    /** How long the download, pg_restore and psql may take together before the rollback fails (changing nothing). */
    @WithDefault("30m")
    Duration restoreTimeout();

    @WithDefault("15s")
    Duration rdsPollInterval();

    /** How long a restored RDS instance may take to become {@code available}. */
    @WithDefault("60m")
    Duration rdsTimeout();
}
