package dev.runway.validator.database;

import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * PostgreSQL over JDBC: one short connection per look, as the validator's configured role
 * ({@code runway.validator.databases."<name>".*}), every wait bounded by {@code runway.validator.request-timeout}.
 * Counts leave out the validator's own sessions ({@code pg_backend_pid()}, and its earlier ones by their
 * {@code application_name}).
 */
@ApplicationScoped
public class JdbcDatabaseHealth implements DatabaseHealth {

    static final int SLOW_QUERIES_LISTED = 10;

    private static final String INSUFFICIENT_PRIVILEGE = "'<insufficient privilege>'";

    // A session the role may not see shows neither state nor backend type, only this in its query column.
    private static final String CLIENT = "(backend_type = 'client backend' OR query = " + INSUFFICIENT_PRIVILEGE + ")";

    private static final String APPLICATION_NAME = "runway-validator";

    // the validator's earlier sessions may still be closing; none of them is the application's
    private static final String NOT_VALIDATOR = "application_name IS DISTINCT FROM '" + APPLICATION_NAME + "'";

    private static final String STATE = "SELECT now(), current_setting('max_connections')::int,"
            + " count(*) FILTER (WHERE " + CLIENT + "),"
            + " count(*) FILTER (WHERE " + CLIENT + " AND datname = current_database()),"
            + " count(*) FILTER (WHERE backend_type = 'client backend' AND datname = current_database()"
            + " AND state = 'active'),"
            + " count(*) FILTER (WHERE query = " + INSUFFICIENT_PRIVILEGE + " AND datname = current_database()),"
            + " pg_database_size(current_database())"
            + " FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND " + NOT_VALIDATOR;

    private static final String SLOW_QUERIES = "SELECT pid, query_start,"
            + " EXTRACT(EPOCH FROM now() - query_start) * 1000, query, count(*) OVER ()"
            + " FROM pg_stat_activity"
            + " WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND datname = current_database() AND now() - query_start > make_interval(secs => ?)"
            + " ORDER BY query_start LIMIT " + SLOW_QUERIES_LISTED;

    private final ValidatorConfig config;
    private final Duration timeout;

    public JdbcDatabaseHealth(ValidatorConfig config) {
        this.config = config;
        this.timeout = config.requestTimeout();
    }

    @Override
    public DatabaseSnapshot measure(String database, Duration slowerThan) {
        ValidatorConfig.Database configured = config.databases().get(database);
        if (configured == null) {
            return DatabaseSnapshot.failed(
                    database,
                    null,
                    null,
                    "the validator has no connection for database " + database + " (runway.validator.databases.\""
                            + database + "\".jdbc-url, .username, .password)");
        }
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = open(configured);
        } catch (SQLException | RuntimeException e) {
            return DatabaseSnapshot.failed(database, null, null, describe(e, configured));
        }
        Duration connected = since(start);
        try (connection) {
            Duration selectOne;
            long selected = System.nanoTime();
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout(seconds(timeout));
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                selectOne = since(selected);
            } catch (SQLException e) {
                return DatabaseSnapshot.failed(database, connected, null, describe(e, configured));
            }
            try {
                return new DatabaseSnapshot(database, connected, selectOne, state(connection, slowerThan), null);
            } catch (SQLException e) {
                return DatabaseSnapshot.failed(database, connected, selectOne, describe(e, configured));
            }
        } catch (SQLException closing) {
            return DatabaseSnapshot.failed(database, connected, null, describe(closing, configured));
        }
    }

    private DatabaseSnapshot.State state(Connection connection, Duration slowerThan) throws SQLException {
        List<DatabaseSnapshot.SlowQuery> slow = new ArrayList<>();
        int slowCount = 0;
        try (PreparedStatement s = connection.prepareStatement(SLOW_QUERIES)) {
            s.setQueryTimeout(seconds(timeout));
            s.setDouble(1, slowerThan.toMillis() / 1000.0);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    slow.add(new DatabaseSnapshot.SlowQuery(
                            rs.getInt(1),
                            rs.getTimestamp(2).toInstant(),
                            Duration.ofMillis(Math.round(rs.getDouble(3))),
                            QueryText.redact(rs.getString(4))));
                    slowCount = rs.getInt(5);
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(seconds(timeout));
            try (ResultSet rs = s.executeQuery(STATE)) {
                rs.next();
                return new DatabaseSnapshot.State(
                        rs.getTimestamp(1).toInstant(),
                        rs.getInt(3),
                        rs.getInt(2),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        slow,
                        slowCount,
                        rs.getLong(7));
            }
        }
    }

    private Connection open(ValidatorConfig.Database database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        properties.setProperty("password", database.password());
        String seconds = Integer.toString(seconds(timeout));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", Integer.toString(seconds(timeout) + 1));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // drivers from this class loader: DriverManager may hold one registered by another class loader
        for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
            if (driver.acceptsURL(database.jdbcUrl())) {
                Connection connection = driver.connect(database.jdbcUrl(), properties);
                if (connection != null) {
                    connection.setReadOnly(true);
                    return connection;
                }
            }
        }
        throw new SQLException("no JDBC driver accepts the database's URL");
    }

    /** The exception's type, SQLSTATE and message, with the password masked wherever the driver might quote it. */
    static String describe(Exception e, ValidatorConfig.Database database) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            text.append(" (SQLSTATE ").append(sql.getSQLState()).append(')');
        }
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        }
        String described = text.toString();
        String password = database.password();
        return password == null || password.isEmpty() ? described : described.replace(password, "****");
    }

    private static int seconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
