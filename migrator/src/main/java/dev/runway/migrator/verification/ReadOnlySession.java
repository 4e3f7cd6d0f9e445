package dev.runway.migrator.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One connection on which every piece of work runs in a read-only transaction that is rolled back, with {@code
 * statement_timeout} and {@code lock_timeout} set to what is left of the verification's time. Verifying therefore
 * changes nothing and can be repeated, and one query that fails or times out leaves the next one a fresh transaction.
 */
final class ReadOnlySession {

    /** PostgreSQL's query_canceled: the statement ran into {@code statement_timeout}. */
    static final String QUERY_CANCELED = "57014";
    /** PostgreSQL's lock_not_available: a lock was not granted within {@code lock_timeout}. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final long deadlineNanos;
    private final Duration timeout;

    ReadOnlySession(Connection connection, Duration timeout) throws SQLException {
        this.connection = connection;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        try (Statement s = connection.createStatement()) {
            // besides each transaction's own READ ONLY: a transaction this session starts is read-only too
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
    }

    /** How long the verification may take in all. */
    Duration timeout() {
        return timeout;
    }

    boolean outOfTime() {
        return remainingMillis() <= 0;
    }

    /** Runs {@code work} in its own read-only transaction, then rolls it back. */
    <T> T read(Work<T> work) throws SQLException {
        long left = remainingMillis();
        if (left <= 0) {
            throw new SQLException("the verification's time is up", QUERY_CANCELED);
        }
        try {
            try (PreparedStatement limits = connection.prepareStatement(
                    "SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true)")) {
                limits.setString(1, left + "ms");
                limits.setString(2, left + "ms");
                limits.execute();
            }
            return work.on(connection);
        } finally {
            connection.rollback();
        }
    }

    private long remainingMillis() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
    }

    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }
}
