package dev.runway.migrator.liquibase;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.config.MigrationTimeouts;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.model.spec.Migration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A migrator in a JVM of its own, to be killed with SIGKILL in the middle of a migration: the real
 * {@link LiquibaseSchemaMigrator} applies {@link #MIGRATIONS}, whose second one sleeps for ten minutes in a session
 * named {@value #APPLICATION_NAME}, and prints {@value #APPLIED} and the id of each migration it committed.
 *
 * <p>Arguments: the JDBC URL and the user; the password comes in the environment variable {@value #PASSWORD_VARIABLE},
 * so that it is not on a command line.
 */
public final class DoomedMigrator {

    static final String APPLICATION_NAME = "doomed-migrator";
    static final String APPLIED = "APPLIED ";
    static final String PASSWORD_VARIABLE = "DOOMED_MIGRATOR_PASSWORD";
    static final String RESTORE_POINT = "runway-catalog";

    /** The same migrations for the doomed migrator and its successor: only the doomed one's session sleeps. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(
                    "20261127_201",
                    "create product",
                    "CREATE TABLE product (id integer PRIMARY KEY); INSERT INTO product VALUES (1)",
                    "DROP TABLE product"),
            new Migration(
                    "20261127_202",
                    "add price",
                    "SELECT pg_sleep(CASE WHEN current_setting('application_name') = '" + APPLICATION_NAME
                            + "' THEN 600 ELSE 0 END); ALTER TABLE product ADD COLUMN price numeric",
                    "ALTER TABLE product DROP COLUMN price"));

    private DoomedMigrator() {}

    public static void main(String[] args) {
        String password = System.getenv(PASSWORD_VARIABLE);
        MigratorConfig config = new MigratorConfig() {
            @Override
            public Map<String, Database> databases() {
                return Map.of();
            }

            @Override
            public Duration changelogLockWait() {
                return Duration.ofMinutes(5);
            }
        };
        LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator(
                new Redactor(List.of(password)),
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                config,
                new MigrationTimeouts() {
                    @Override
                    public Duration lockTimeout() {
                        return Duration.ofSeconds(5);
                    }

                    @Override
                    public Duration statementTimeout() {
                        return Duration.ofSeconds(60);
                    }
                });
        TargetDatabase catalog =
                new TargetDatabase("catalog", args[0] + "?ApplicationName=" + APPLICATION_NAME, args[1], password);
        System.out.println(migrator.migrate(catalog, RESTORE_POINT, MIGRATIONS, Duration.ofMinutes(15), applied -> {
            System.out.println(APPLIED + applied.id());
            System.out.flush();
        }));
    }
}
