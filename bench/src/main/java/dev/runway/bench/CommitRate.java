package dev.runway.bench;

import dev.runway.infra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The ceiling under the coordinator: single-row commits per second on one connection to the same PostgreSQL server
 * (its own database), each transaction one INSERT and a COMMIT, as durable as the coordinator's.
 */
final class CommitRate {

    private CommitRate() {}

    static double commitsPerSecond(PostgresServer pg, Duration measureFor) throws SQLException {
        pg.createDatabase("bench_commits");
        try (Connection c = DriverManager.getConnection(
                pg.jdbcUrl("bench_commits"), PostgresServer.USER, PostgresServer.PASSWORD)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS commit_rate (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
                        + " note text NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO commit_rate (at, note) VALUES (now(), ?)")) {
                runFor(c, insert, Duration.ofSeconds(1));
                long commits = runFor(c, insert, measureFor);
                return commits / (measureFor.toNanos() / 1e9);
            }
        }
    }

    private static long runFor(Connection c, PreparedStatement insert, Duration duration) throws SQLException {
        long end = System.nanoTime() + duration.toNanos();
        long commits = 0;
        while (System.nanoTime() < end) {
            insert.setString(1, "row " + commits);
            insert.executeUpdate();
            c.commit();
            commits++;
        }
        return commits;
    }

    static String setting(PostgresServer pg, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl("postgres"), PostgresServer.USER, PostgresServer.PASSWORD);
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
