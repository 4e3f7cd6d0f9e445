package dev.runway.migrator;

import dev.runway.infra.PostgresClientTools;
import dev.runway.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL server that checks passwords (the embedded one trusts everyone by default), a
 * role for the migrator with a password unique to this run that owns each database's schema and nothing else, and
 * one database per test so each test knows its schema version before it starts.
 */
public class TargetDatabasesResource implements QuarkusTestResourceLifecycleManager {

    public static final String ROLE = "runway_migrator";
    public static final String PASSWORD = "Pw-" + UUID.randomUUID();
    public static final String WRONG_PASSWORD = "Wrong-" + UUID.randomUUID();
    /** Each test migrates its own database. */
    public static final String NEWSLETTER = "newsletter";

    public static final List<String> DATABASES = List.of(
            "shop",
            "inventory",
            "billing",
            "ledger",
            "reports",
            "orders",
            NEWSLETTER,
            "warehouse",
            "payroll",
            "tickets",
            "catalog",
            // verification after the migrations (DatabaseVerificationIT)
            "verified",
            "orphaned",
            "unindexed",
            "incomplete",
            "audited",
            "unhurried",
            BackupServicesResource.STOREFRONT,
            BackupServicesResource.CHECKOUT,
            BackupServicesResource.RESTRICTED,
            BackupServicesResource.PAYMENTS,
            BackupServicesResource.UNBACKED,
            // runbook Step R3's options (DatabaseRollbackIT)
            RollbackServicesResource.DOWN,
            RollbackServicesResource.DUMPED,
            RollbackServicesResource.TAMPERED,
            RollbackServicesResource.EXPANDED,
            RollbackServicesResource.ON_RDS,
            RollbackServicesResource.ON_RDS_PITR,
            // the rehearsal before production (MigrationRehearsalIT)
            "rehearsed",
            "misfit",
            "sluggish",
            "consented",
            "resumed",
            "contended",
            "patient",
            // verification of a release whose migrations were applied before later ones (DatabaseVerificationIT)
            "reissued");
    /** A schema in {@link #NEWSLETTER} that belongs to the superuser, as another application's would. */
    public static final String FOREIGN_SCHEMA = "accounting";
    /** Configured with {@link #WRONG_PASSWORD}. */
    public static final String LOCKED_OUT = "vault";

    private static PostgresServer server;

    public static synchronized PostgresServer server() {
        if (server == null) {
            // the backup, the rehearsal and the dump restore run Debian's pg_dump, pg_restore and psql
            PostgresClientTools.ensureInstalled();
            server = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
            DATABASES.forEach(server::createDatabase);
            try (Connection c = admin("postgres");
                    Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + PASSWORD
                        + "'");
                s.execute("ALTER ROLE postgres PASSWORD '" + PostgresServer.PASSWORD + "'");
                // the rehearsal's scratch databases are created on the same server as the same role
                s.execute("ALTER ROLE " + ROLE + " CREATEDB");
                var hba = s.executeQuery("SHOW hba_file");
                hba.next();
                String hbaFile = hba.getString(1);
                s.execute("COPY (SELECT unnest(ARRAY["
                        + "'local all all trust',"
                        + "'host all postgres 127.0.0.1/32 trust',"
                        + "'host all postgres ::1/128 trust',"
                        + "'host all all 127.0.0.1/32 scram-sha-256',"
                        + "'host all all ::1/128 scram-sha-256'])) TO '" + hbaFile + "'");
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            // as deploy/kubernetes/migrator-role.sql: the role owns each database's schema, not the database
            for (String db : DATABASES) {
                try (Connection c = admin(db);
                        Statement s = c.createStatement()) {
                    s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                    s.execute("ALTER SCHEMA public OWNER TO " + ROLE);
                    if (db.equals(NEWSLETTER)) {
                        s.execute("CREATE SCHEMA " + FOREIGN_SCHEMA);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return server;
    }

    public static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(server().jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer pg = server();
        Map<String, String> config = new HashMap<>();
        for (String db : DATABASES) {
            config.put("runway.databases." + db + ".jdbc-url", pg.jdbcUrl(db));
            config.put("runway.databases." + db + ".username", ROLE);
            config.put("runway.databases." + db + ".password", PASSWORD);
        }
        config.put("runway.databases." + LOCKED_OUT + ".jdbc-url", pg.jdbcUrl("shop"));
        config.put("runway.databases." + LOCKED_OUT + ".username", ROLE);
        config.put("runway.databases." + LOCKED_OUT + ".password", WRONG_PASSWORD);
        return config;
    }

    @Override
    public void stop() {
        // stopped by the shutdown hook
    }
}
