package dev.runway.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL client, whose binaries the migrator's image carries: installed with apt-get when missing,
 * saying so, as deploy/infra's PostgresClientTools does for the tests.
 */
final class PostgresqlClient {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String INSTALL_COMMAND =
            "apt-get update && apt-get install -y --no-install-recommends postgresql-client";

    private PostgresqlClient() {}

    /** Returns the newest installed major version's bin directory (Debian keeps the real binaries there). */
    static Path ensureInstalled() throws IOException, InterruptedException {
        Optional<Path> installed = newest();
        if (installed.isPresent()) {
            return installed.get();
        }
        System.out.println("[base-images] pg_dump, pg_restore or psql is missing: installing Debian's"
                + " postgresql-client package for the migrator's image with: " + INSTALL_COMMAND);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the PostgreSQL client is missing and only root can install it; run as"
                    + " root: " + INSTALL_COMMAND);
        }
        // The lock timeout lets a concurrent installation (a test JVM of the same build) finish first.
        Processes.run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "update"));
        Processes.run(List.of(
                "apt-get",
                "-o",
                "DPkg::Lock::Timeout=300",
                "install",
                "-y",
                "--no-install-recommends",
                "postgresql-client"));
        return newest().orElseThrow(() -> new IllegalStateException("postgresql-client is installed but no " + VERSIONS
                + "/<version>/bin has pg_dump, pg_restore and psql"));
    }

    private static Optional<Path> newest() throws IOException {
        if (!Files.isDirectory(VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> BaseImages.POSTGRESQL_CLIENT_BINARIES.stream()
                            .allMatch(binary -> Files.isExecutable(bin.resolve(binary))))
                    .max(Comparator.comparingInt(PostgresqlClient::major));
        }
    }

    private static int major(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }
}
