package dev.runway.validator.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One look at a database: what {@link DatabaseHealth} saw, from which each database check is judged.
 *
 * @param database  the migrator's name for it
 * @param connected how long connecting took; null when no connection was made
 * @param selectOne the round trip of {@code SELECT 1}; null when it did not answer
 * @param state     connections, slow queries and size; null when they could not be read
 * @param error     why something could not be measured, without any secret; null when everything was
 */
public record DatabaseSnapshot(String database, Duration connected, Duration selectOne, State state, String error) {

    public static DatabaseSnapshot failed(String database, Duration connected, Duration selectOne, String error) {
        return new DatabaseSnapshot(database, connected, selectOne, null, error);
    }

    /**
     * What {@code pg_stat_activity}, {@code max_connections} and {@code pg_database_size} said, the validator's own
     * session left out.
     *
     * @param serverTime          {@code now()} on the database's clock, when this was read
     * @param serverConnections   client sessions on the whole server, which {@code max_connections} bounds
     * @param maxConnections      the server's {@code max_connections}
     * @param databaseConnections client sessions on this database
     * @param activeConnections   of those, running a query now
     * @param hiddenSessions      sessions on this database whose state and query the validator's role may not see
     *     (it needs {@code pg_monitor}); their queries cannot be judged
     * @param slowQueries         the longest-running active queries on this database, oldest first, at most
     *     {@link JdbcDatabaseHealth#SLOW_QUERIES_LISTED}
     * @param slowQueryCount      how many active queries were slower than asked, listed or not
     * @param sizeBytes           {@code pg_database_size} of this database
     */
    public record State(
            Instant serverTime,
            int serverConnections,
            int maxConnections,
            int databaseConnections,
            int activeConnections,
            int hiddenSessions,
            List<SlowQuery> slowQueries,
            int slowQueryCount,
            long sizeBytes) {

        public State {
            slowQueries = List.copyOf(slowQueries);
        }
    }

    /**
     * A query active for longer than asked.
     *
     * @param started when it started, on the database's clock
     * @param running how long it had run when seen
     * @param text    its first characters with every literal replaced by {@code ?} ({@link QueryText})
     */
    public record SlowQuery(int pid, Instant started, Duration running, String text) {}
}
