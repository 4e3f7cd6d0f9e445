package dev.runway.infra;

import java.nio.file.Path;
import java.util.List;

/**
 * Debian's PostgreSQL client tools, which the migrator runs for Phase 2's backup, rehearsal and dump restore
 * ({@code pg_dump}, {@code pg_restore}, {@code psql}). The embedded server's bundle has none of them.
 */
public final class PostgresClientTools {

    private PostgresClientTools() {}

    /** @throws IllegalStateException when a tool is missing and cannot be installed */
    public static void ensureInstalled() {
        DebianPackages.ensureInstalled(
                List.of(Path.of("/usr/bin/pg_dump"), Path.of("/usr/bin/pg_restore"), Path.of("/usr/bin/psql")),
                "postgresql-client");
    }
}
