package dev.runway.migrator.backup;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the migrator takes runbook Step 2.1's backup. Which bucket and which RDS instance belong to a database is said
 * next to its connection: {@code runway.databases."<name>".backup.bucket} and {@code .backup.rds-instance-id}.
 */
@ConfigMapping(prefix = "runway.migrator.backup")
public interface BackupConfig {

    /**
     * The runbook requires a backup before migrating, so a database without a backup bucket is not migrated. False
     * where the database is backed up otherwise: the step then says that no backup was taken, and why.
     */
    @WithDefault("true")
    boolean required();

    /** S3's endpoint; none means AWS's own for {@link #region()}. */
    Optional<URI> s3Endpoint();

    /** RDS's endpoint; none means AWS's own for {@link #region()}. */
    Optional<URI> rdsEndpoint();

    @WithDefault("us-east-1")
    String region();

    /** With {@link #secretKey()}; neither means the SDK's default chain (the pod's role). */
    Optional<String> accessKey();

    /** Never logged, never reported: the migrator masks it in every message. */
    Optional<String> secretKey();

    /** A backup larger than this is uploaded in parts of this size; S3 accepts no part below 5 MiB but the last. */
    @WithDefault("8M")
    MemorySize partSize();

    @WithDefault("pg_dump")
    String pgDumpPath();

    @WithDefault("pg_restore")
    String pgRestorePath();

    /** Where the dump is written before it is uploaded; none means {@code java.io.tmpdir}. It is deleted after. */
    Optional<Path> workDirectory();

    /** How long pg_dump or pg_restore may run before the backup fails. */
    @WithDefault("10m")
    Duration dumpTimeout();

    @WithDefault("15s")
    Duration snapshotPollInterval();

    /** How long the RDS snapshot may take to become {@code available} before the backup fails. */
    @WithDefault("30m")
    Duration snapshotTimeout();
}
