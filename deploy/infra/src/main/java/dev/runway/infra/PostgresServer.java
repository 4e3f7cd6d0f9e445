package dev.runway.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private final Path dataDirectory;
    private final Process watcher;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Process watcher) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
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
            Path dataDirectory = dataDirectory(postgres);
            return new PostgresServer(postgres, dataDirectory, watch(dataDirectory));
        } catch (RuntimeException e) {
            try {
                postgres.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Path dataDirectory(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            return Path.of(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's data directory", e);
        }
    }

    private static Process watch(Path dataDirectory) {
        try {
            return new ProcessBuilder("sh", "-c", WATCH_SCRIPT, "postgres-watch", dataDirectory.toString())
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

    /**
     * Stops the server with a fast shutdown (every session is ended, as when a database fails over), keeps it down
     * for {@code down}, and starts it again on the same port with the options it ran with ({@code postmaster.opts}).
     *
     * @return how long the server refused connections: from the shutdown to accepting them again
     */
    public Duration restart(Duration down) {
        long started = System.nanoTime();
        try {
            List<String> options = postmasterOptions();
            Path pgCtl = Path.of(options.get(0)).resolveSibling("pg_ctl");
            String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim();
            run(List.of("kill", "-INT", pid));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not stop within 60 s");
                }
                Thread.sleep(50);
            }
            Thread.sleep(down.toMillis());
            List<String> start = new ArrayList<>();
            // PostgreSQL refuses to run as root; EmbeddedPostgres starts it the same way
            if ("root".equals(System.getProperty("user.name"))) {
                start.addAll(List.of("unshare", "-U"));
            }
            start.addAll(List.of(
                    pgCtl.toString(),
                    "start",
                    "-D",
                    dataDirectory.toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    String.join(" ", options.subList(1, options.size()))));
            run(start);
        } catch (IOException e) {
            throw new IllegalStateException("could not restart PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL restarted", e);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The server's command line as PostgreSQL recorded it: the binary, then each option quoted. */
    private List<String> postmasterOptions() throws IOException {
        String line = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
        List<String> words = new ArrayList<>();
        int firstSpace = line.indexOf(' ');
        words.add(firstSpace < 0 ? line : line.substring(0, firstSpace));
        Matcher quoted = Pattern.compile("\"[^\"]*\"").matcher(line);
        while (quoted.find()) {
            words.add(quoted.group());
        }
        return words;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within 90 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed with exit code " + process.exitValue());
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
