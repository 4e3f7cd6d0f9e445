package dev.runway.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from binaries shipped in a Maven artifact. As root it runs the server
 * through {@code unshare -U}, because PostgreSQL refuses to run as root.
 *
 * <p>The server is not this JVM's child: {@code pg_ctl} starts it detached and exits. EmbeddedPostgres stops it
 * from a shutdown hook, which a JVM killed with SIGKILL never runs; so a watcher shell waits for end-of-file on its
 * stdin, a pipe whose only write end this JVM holds and the kernel closes when the JVM dies, and then asks a server
 * that is still running (its {@code postmaster.pid} exists) for a fast shutdown.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final String WATCH_SCRIPT = "while read -r _; do :; done;"
            + " [ -f \"$1/postmaster.pid\" ] && read -r pid < \"$1/postmaster.pid\" && kill -INT \"$pid\"";

    private final EmbeddedPostgres postgres;
    private final Process watcher;

    private PostgresServer(EmbeddedPostgres postgres, Process watcher) {
        this.postgres = postgres;
        this.watcher = watcher;
    }

    public static PostgresServer start() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().setPort(0).start();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start", e);
        }
        try {
            return new PostgresServer(postgres, watch(postgres));
        } catch (RuntimeException e) {
            try {
                postgres.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Process watch(EmbeddedPostgres postgres) {
        String dataDirectory;
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's data directory", e);
        }
        try {
            return new ProcessBuilder("sh", "-c", WATCH_SCRIPT, "postgres-watch", dataDirectory)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the PostgreSQL watcher", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    @Override
    public void close() {
        watcher.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
        }
    }
}
