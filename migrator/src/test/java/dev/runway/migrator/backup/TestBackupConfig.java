package dev.runway.migrator.backup;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link BackupConfig} with its documented defaults, a work directory of the test's own and {@code required}. */
public record TestBackupConfig(boolean required, Path work) implements BackupConfig {

    @Override
    public Optional<URI> s3Endpoint() {
        return Optional.empty();
    }

    @Override
    public Optional<URI> rdsEndpoint() {
        return Optional.empty();
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public Optional<String> accessKey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> secretKey() {
        return Optional.empty();
    }

    @Override
    public MemorySize partSize() {
        return new MemorySize(BigInteger.valueOf(8L * 1024 * 1024));
    }

    @Override
    public String pgDumpPath() {
        return "pg_dump";
    }

    @Override
    public String pgRestorePath() {
        return "pg_restore";
    }

    @Override
    public Optional<Path> workDirectory() {
        return Optional.of(work);
    }

    @Override
    public Duration dumpTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration snapshotPollInterval() {
        return Duration.ofSeconds(15);
    }

    @Override
    public Duration snapshotTimeout() {
        return Duration.ofMinutes(30);
    }
}
