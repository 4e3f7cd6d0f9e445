package dev.runway.migrator.liquibase;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Liquibase's changelog lock (the row of {@code databasechangeloglock}), made recoverable after a migrator was killed
 * holding it (docs/decisions/0007-stale-changelog-lock.md).
 *
 * <p>While the migrator works on a database it holds a PostgreSQL session-level advisory lock on the very connection
 * Liquibase uses, so PostgreSQL drops it when that session ends, however the process ended. Liquibase's own row
 * outlives the process; with the advisory lock in hand, a row marked by a Runway migrator can only be a dead
 * migrator's, and is released. A row written by another tool is released only when no other session is connected to
 * the database, since Liquibase records no session that could be checked.
 */
final class ChangeLogLock {

    /** Liquibase writes LOCKEDBY as {@code host#<this> (address)} in every JVM that ran {@link #signLiquibaseLocks}. */
    static final String HOLDER = "runway-migrator";
    /** "RUNW": the advisory lock's first key, shown as {@code classid} in {@code pg_locks} (its {@code objsubid} 2). */
    static final int NAMESPACE = 0x52554E57;
    /** Liquibase's table in the connection's current schema: the migrator sets no liquibaseSchemaName. */
    static final String TABLE = "databasechangeloglock";
    /** {@link #key} of Liquibase's table in schema {@code public}, to look for in {@code pg_locks.objid}. */
    static final int PUBLIC_KEY = 2_120_718_088;

    private static final Logger LOG = Logger.getLogger(ChangeLogLock.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** How often a row held by another tool is read again while waiting for it. */
    private static final Duration RECHECK = Duration.ofSeconds(1);
    /**
     * A killed migrator's server session would otherwise run its statement to the end before noticing that nobody
     * is left to commit it, holding the advisory lock that long; PostgreSQL 14 checks the socket this often instead.
     */
    private static final String CLIENT_CHECK_INTERVAL = "1s";

    private final MeterRegistry meters;

    ChangeLogLock(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Marks the changelog locks this JVM's Liquibase takes as Runway's. Liquibase reads the property once, when it
     * first writes a lock, so this runs before any Liquibase command.
     */
    static void signLiquibaseLocks() {
        System.setProperty("liquibase.hostDescription", HOLDER);
    }

    /**
     * The advisory lock's second key, from the schema-qualified lock table: the first four bytes of
     * {@code SHA-256("<schema>.databasechangeloglock")}, less the sign bit. For {@code public}: {@value #PUBLIC_KEY}.
     */
    static int key(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((schema + "." + TABLE).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getInt() & 0x7FFFFFFF;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Takes the advisory lock on {@code connection} (in autocommit mode) and leaves Liquibase's lock free for this
     * session to take: waits up to {@code wait} for a live migration to end, releases a stale lock.
     *
     * @throws Held when another migration still holds the lock after {@code wait}; the connection holds nothing then
     */
    void take(Connection connection, String database, Duration wait) throws SQLException, Held {
        long began = System.nanoTime();
        long deadline = began + wait.toNanos();
        watchForTheClientsEnd(connection);
        int key = key(LockTable.of(connection).schema());
        if (!tryAdvisoryLock(connection, key)) {
            waitForTheSession(connection, database, key, deadline, began);
        }
        try {
            // read after the lock: a migration waited for may have created the table
            LockTable table = LockTable.of(connection);
            while (true) {
                Optional<Row> row = table.read(connection);
                Assessment assessment = row.isPresent() && row.get().locked()
                        ? assess(row.get(), otherSessions(connection))
                        : Assessment.FREE;
                switch (assessment) {
                    case FREE -> {
                        return;
                    }
                    case STALE, ABANDONED -> {
                        if (release(connection, table, row.get())) {
                            released(database, row.get(), assessment, began);
                            return;
                        }
                    }
                    case MAYBE_ALIVE -> {
                        if (System.nanoTime() - deadline >= 0) {
                            throw new Held(heldByAnotherTool(database, table, row.get(), connection, began));
                        }
                        pause(Math.min(RECHECK.toNanos(), deadline - System.nanoTime()));
                    }
                }
            }
        } catch (SQLException | Held | RuntimeException e) {
            unlock(connection, key, e);
            throw e;
        }
    }

    private void released(String database, Row row, Assessment assessment, long began) {
        boolean migrators = assessment == Assessment.STALE;
        LOG.warnf(
                "released the stale changelog lock of database %s, held since %s by %s: %s (found and released in %d"
                        + " ms)",
                database,
                since(row),
                row.lockedBy(),
                migrators
                        ? "no migrator session holds it"
                        : "not a Runway migrator's, and no other session is connected",
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        meters.counter(
                        "runway.migrator.stale.locks.released",
                        "database",
                        database,
                        "holder",
                        migrators ? "runway" : "other")
                .increment();
    }

    /** Who may hold a locked row, given that this session holds the advisory lock. */
    enum Assessment {
        /** Not locked: Liquibase takes it. */
        FREE,
        /** A Runway migrator's lock while no migrator session lives: its holder died. */
        STALE,
        /** Another tool's lock while no other session is connected: nobody can be migrating. */
        ABANDONED,
        /** Another tool's lock while other sessions are connected: its holder may be running. */
        MAYBE_ALIVE
    }

    static Assessment assess(Row row, long otherSessions) {
        if (!row.locked()) {
            return Assessment.FREE;
        }
        if (row.lockedBy() != null && row.lockedBy().contains("#" + HOLDER + " (")) {
            return Assessment.STALE;
        }
        return otherSessions == 0 ? Assessment.ABANDONED : Assessment.MAYBE_ALIVE;
    }

    /** Liquibase's row as read: LOCKED, LOCKGRANTED (the holder's local time), LOCKEDBY. */
    record Row(boolean locked, LocalDateTime granted, String lockedBy) {}

    /** Another migration holds the lock; the message says which and since when, and never holds credentials. */
    static final class Held extends Exception {
        Held(String reason) {
            super(reason);
        }
    }

    private static void watchForTheClientsEnd(Connection connection) {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT set_config('client_connection_check_interval', '" + CLIENT_CHECK_INTERVAL
                    + "', false) WHERE current_setting('server_version_num')::int >= 140000");
        } catch (SQLException e) {
            // a platform without the check (the server refuses the setting): a killed migrator's lock then lasts
            // until its statement ends, which is slower but as safe
            LOG.debugf("no client connection check on this server: SQLSTATE %s", e.getSQLState());
        }
    }

    private static boolean tryAdvisoryLock(Connection connection, int key) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, NAMESPACE);
            s.setInt(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Waits in PostgreSQL's lock queue, so the lock passes on the moment the live holder's session ends. */
    private static void waitForTheSession(Connection connection, String database, int key, long deadline, long began)
            throws SQLException, Held {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left > 0) {
            try (PreparedStatement timeout =
                            connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)");
                    PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                timeout.setString(1, left + "ms");
                timeout.execute();
                lock.setInt(1, NAMESPACE);
                lock.setInt(2, key);
                lock.execute();
                return;
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
            } finally {
                try (Statement reset = connection.createStatement()) {
                    reset.execute("RESET lock_timeout");
                }
            }
        }
        throw new Held(heldByAMigrator(database, key, connection, began));
    }

    private static String heldByAMigrator(String database, int key, Connection connection, long began)
            throws SQLException {
        String session =
                holderOf(connection, key).map(pid -> "session pid " + pid).orElse("its session");
        Optional<Row> row = LockTable.of(connection).read(connection);
        String waited = "; gave up after " + seconds(began);
        if (row.isPresent() && row.get().locked()) {
            return "another migration holds the lock on database " + database + " since " + since(row.get()) + " ("
                    + row.get().lockedBy() + "), and " + session + " is alive" + waited;
        }
        return "another migration is working on database " + database + " (" + session + " is alive)" + waited;
    }

    private static String heldByAnotherTool(
            String database, LockTable table, Row row, Connection connection, long began) throws SQLException {
        return "Liquibase's lock on database " + database + " is held since " + since(row) + " by " + row.lockedBy()
                + ", not a Runway migrator, and " + otherSessions(connection)
                + " other session(s) are connected, so it may still be running; gave up after " + seconds(began)
                + ". Once that migration is known to have ended: UPDATE " + table.name()
                + " SET locked = false, lockgranted = NULL, lockedby = NULL WHERE id = 1";
    }

    private static Optional<Integer> holderOf(Connection connection, int key) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                + " AND granted AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            s.setLong(1, NAMESPACE);
            s.setLong(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /**
     * Sessions on this database besides this one. Autovacuum and replication workers count too: a wrong "someone is
     * there" only makes the migrator wait, a wrong "nobody" would free a live lock.
     */
    private static long otherSessions(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Frees exactly the row that was judged: a lock taken since by someone else stays. */
    private static boolean release(Connection connection, LockTable table, Row row) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE " + table.name()
                + " SET locked = false, lockgranted = NULL, lockedby = NULL WHERE id = 1 AND locked"
                + " AND lockedby IS NOT DISTINCT FROM ? AND lockgranted IS NOT DISTINCT FROM ?")) {
            s.setString(1, row.lockedBy());
            s.setObject(2, row.granted());
            return s.executeUpdate() == 1;
        }
    }

    private static void unlock(Connection connection, int key, Exception cause) {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            s.setInt(1, NAMESPACE);
            s.setInt(2, key);
            s.execute();
        } catch (SQLException e) {
            // the session ends with the connection, and the lock with it
            cause.addSuppressed(e);
        }
    }

    private static void pause(long nanos) throws Held {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Held("interrupted while waiting for the changelog lock");
        }
    }

    private static String since(Row row) {
        return row.granted() == null
                ? "an unknown time"
                : row.granted().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String seconds(long began) {
        return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - began) / 1e9);
    }

    /** Liquibase's lock table in the connection's current schema, quoted by the server. */
    private record LockTable(String schema, String name, boolean exists) {

        static LockTable of(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_schema(), format('%I.%I', current_schema(), '"
                            + TABLE + "'), to_regclass(format('%I.%I', current_schema(), '" + TABLE
                            + "')) IS NOT NULL")) {
                rs.next();
                return new LockTable(rs.getString(1), rs.getString(2), rs.getBoolean(3));
            }
        }

        Optional<Row> read(Connection connection) throws SQLException {
            if (!exists) {
                return Optional.empty();
            }
            try (Statement s = connection.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT locked, lockgranted, lockedby FROM " + name + " WHERE id = 1")) {
                return rs.next()
                        ? Optional.of(new Row(rs.getBoolean(1), rs.getObject(2, LocalDateTime.class), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }
}
