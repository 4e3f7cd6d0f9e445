package dev.runway.migrator.rehearsal;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.TargetDatabase;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Creates and drops the rehearsal's scratch databases, {@code runway_rehearsal_<first 8 hex digits of the release
 * id>}, on one PostgreSQL server. A rehearsal keeps a session open on its scratch database while it lasts, so a
 * {@code runway_rehearsal_*} database that no session uses is a leftover of a migrator killed mid-rehearsal.
 */
final class ScratchDatabases {

    static final String PREFIX = "runway_rehearsal_";

    private static final Logger LOG = Logger.getLogger(ScratchDatabases.class);
    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:,?]+)(?::(\\d+))?(?:,[^/]*)?/([^?]+)(?:\\?(.*))?");

    /** Where the scratch databases are created, connected to as {@code server}'s own database. */
    private final TargetDatabase server;

    ScratchDatabases(TargetDatabase server) {
        this.server = server;
    }

    static String nameFor(UUID releaseId) {
        return PREFIX + releaseId.toString().replace("-", "").substring(0, 8);
    }

    /** Drops this release's own leftover and any other no session uses; says which it dropped. */
    List<String> dropLeftovers(String own) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection c = open(server);
                PreparedStatement leftovers = c.prepareStatement("SELECT datname FROM pg_database d"
                        + " WHERE datname LIKE 'runway\\_rehearsal\\_%' AND (datname = ? OR NOT EXISTS"
                        + " (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname))")) {
            leftovers.setString(1, own);
            List<String> names = new ArrayList<>();
            try (ResultSet rows = leftovers.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String name : names) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
                    dropped.add(name);
                } catch (SQLException e) {
                    // another role's scratch database, or one in use after all: its own rehearsal drops it
                    LOG.warnf(
                            "leftover scratch database %s not dropped: %s",
                            name, DatabaseError.summary(e).orElse("no SQLSTATE"));
                }
            }
        }
        return dropped;
    }

    /** Creates the scratch database and opens the session that marks it in use. */
    Connection create(String name) throws SQLException {
        try (Connection c = open(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoted(name));
        }
        return open(target(name));
    }

    void drop(String name) throws SQLException {
        try (Connection c = open(server);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
        }
    }

    /** The scratch database as the migrator migrates it: on the server, as the server's role. */
    TargetDatabase target(String name) {
        Matcher url = JDBC_URL.matcher(server.jdbcUrl());
        if (!url.matches()) {
            throw new RehearsalFailed("no scratch database can be created next to " + server.name()
                    + ": its JDBC URL is not jdbc:postgresql://host[:port]/database");
        }
        String jdbcUrl = server.jdbcUrl().substring(0, url.start(3))
                + name
                + server.jdbcUrl().substring(url.end(3));
        return new TargetDatabase(name, jdbcUrl, server.username(), server.password());
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private Connection open(TargetDatabase target) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", target.username());
        credentials.setProperty("password", target.password());
        // drivers from this class loader: DriverManager may hold one registered by another class loader
        for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
            if (driver.acceptsURL(target.jdbcUrl())) {
                Connection connection = driver.connect(target.jdbcUrl(), credentials);
                if (connection != null) {
                    return connection;
                }
            }
        }
        throw new SQLException("no JDBC driver accepts the URL of database " + target.name());
    }
}
