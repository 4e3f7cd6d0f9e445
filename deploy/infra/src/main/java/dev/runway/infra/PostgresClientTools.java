package dev.runway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's PostgreSQL client tools, which the migrator runs for Phase 2's backup, rehearsal and dump restore
 * ({@code pg_dump}, {@code pg_restore}, {@code psql}): installed with apt-get when missing, saying so, as Prometheus is.
 * The embedded server's bundle has none of them.
 */
public final class PostgresClientTools {

    private static final List<Path> BINARIES =
            List.of(Path.of("/usr/bin/pg_dump"), Path.of("/usr/bin/pg_restore"), Path.of("/usr/bin/psql"));
    private static final String INSTALL_COMMAND =
            "apt-get update && apt-get install -y --no-install-recommends postgresql-client";

    private PostgresClientTools() {}

    /** @throws IllegalStateException when a tool is missing and cannot be installed */
    public static synchronized void ensureInstalled() {
        if (BINARIES.stream().allMatch(Files::isExecutable)) {
            return;
        }
        System.out.println("pg_dump, pg_restore or psql is missing: installing Debian's postgresql-client package"
                + " with: " + INSTALL_COMMAND);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    "the PostgreSQL client tools are missing and only root can install them; run as root: "
                            + INSTALL_COMMAND);
        }
        try {
            Path log = Files.createTempFile("postgresql-client-install-", ".log");
            // The lock timeout lets a concurrent installation (another JVM of the same build) finish first.
            PrometheusServer.run(log, "apt-get", "-o", "DPkg::Lock::Timeout=300", "update");
            PrometheusServer.run(
                    log,
                    "apt-get",
                    "-o",
                    "DPkg::Lock::Timeout=300",
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "postgresql-client");
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install postgresql-client", e);
        }
        if (!BINARIES.stream().allMatch(Files::isExecutable)) {
            throw new IllegalStateException("postgresql-client is installed but one of " + BINARIES + " is missing");
        }
        System.out.println("postgresql-client installed");
    }
}
