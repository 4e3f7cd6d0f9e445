package dev.runway.validator.database;

import java.time.Duration;

/**
 * Reads the health of one of the application's databases, by the migrator's name for it. Never throws: a database that
 * cannot be reached, or a query that fails, is a {@link DatabaseSnapshot} saying why.
 */
public interface DatabaseHealth {

    /**
     * Connects, times {@code SELECT 1}, then reads connections, slow queries and size in one go.
     *
     * @param slowerThan list the queries active for longer than this
     */
    DatabaseSnapshot measure(String database, Duration slowerThan);
}
