package dev.runway.migrator.rehearsal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the migrator rehearses a release's migrations on a scratch copy of the database (runbook Step 2.2). Where the
 * scratch database is created is said next to the database's connection: {@code runway.databases."<name>".rehearsal.*}.
 */
@ConfigMapping(prefix = "runway.migrator.rehearsal")
public interface RehearsalConfig {

    /**
     * The runbook tests every migration in staging first, so a release whose database has no backup to restore a scratch
     * copy from is not migrated, unless the DBA consented in the vote. False where migrations are rehearsed otherwise:
     * the step then says that none ran, and why.
     */
    @WithDefault("true")
    boolean required();

    /** Debian's postgresql-client; its major version must be at least the server's. */
    @WithDefault("pg_restore")
    String pgRestorePath();

    /** How long downloading the backup and pg_restore into the scratch database may take. */
    @WithDefault("10m")
    Duration restoreTimeout();

    /** Where the downloaded backup is written before it is restored, and deleted after; none means java.io.tmpdir. */
    Optional<Path> workDirectory();
}
