package dev.runway.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL server, shared by every test class of a JVM, with
 * the {@code runway} database configured as both the JDBC and the reactive datasource.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "runway";

    private static PostgresServer server;

    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
            server.createDatabase(DATABASE);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        PostgresServer pg = server();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                pg.jdbcUrl(DATABASE),
                "quarkus.datasource.reactive.url",
                pg.reactiveUrl(DATABASE),
                "quarkus.datasource.username",
                PostgresServer.USER,
                "quarkus.datasource.password",
                PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        // shared with later test classes; stopped by the shutdown hook
    }
}
