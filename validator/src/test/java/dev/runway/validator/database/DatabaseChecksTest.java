package dev.runway.validator.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database checks' rules, judged from made-up snapshots. */
class DatabaseChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static DatabaseSnapshot seen(
            int server, int max, int database, List<DatabaseSnapshot.SlowQuery> slow, int slowCount) {
        return new DatabaseSnapshot(
                "shop",
                Duration.ofMillis(40),
                Duration.ofMillis(2),
                new DatabaseSnapshot.State(NOW, server, max, database, 1, 0, slow, slowCount, 5L << 20),
                null);
    }

    private static DatabaseSnapshot.SlowQuery query(int pid, Instant started) {
        return new DatabaseSnapshot.SlowQuery(pid, started, Duration.between(started, NOW), "SELECT pg_sleep(?)");
    }

    @Test
    void connectionsAtExactlyTheirShareOfMaxConnectionsFail() {
        Check eightyPercent = Check.databaseConnections("database-connections", "shop", 80);

        assertThat(DatabaseChecks.judge(eightyPercent, seen(79, 100, 3, List.of(), 0))
                        .passed())
                .isTrue();
        CheckResult atLimit = DatabaseChecks.judge(eightyPercent, seen(80, 100, 3, List.of(), 0));
        assertThat(atLimit.passed()).isFalse();
        assertThat(atLimit.finding())
                .isEqualTo("80 connections of max_connections 100 (80%) >= 80%; 3 to database shop" + " (1 active)");
    }

    @Test
    void theBaselineAllowsExactlyItsToleranceAndNotOneMore() {
        Check withinTwelve = Check.databaseConnectionsWithin("database-connections", "shop", 12, 20, 5);

        assertThat(DatabaseChecks.judge(withinTwelve, seen(40, 100, 17, List.of(), 0))
                        .passed())
                .isTrue();
        CheckResult beyond = DatabaseChecks.judge(withinTwelve, seen(40, 100, 18, List.of(), 0));
        assertThat(beyond.passed()).isFalse();
        assertThat(beyond.reading().threshold()).isEqualTo("<= 17 (pre-flight 12 +20%, at least +5)");
    }

    @Test
    void onlyQueriesSlowerThanTheThresholdAndStartedSinceCount() {
        List<DatabaseSnapshot.SlowQuery> slow = List.of(
                query(11, NOW.minusSeconds(600)), query(12, NOW.minusSeconds(30)), query(13, NOW.minusSeconds(3)));
        DatabaseSnapshot snapshot = seen(5, 100, 3, slow, 3);

        CheckResult sincePreFlight = DatabaseChecks.judge(
                Check.databaseSlowQueries("new-slow-queries", "shop", 5, NOW.minusSeconds(60)), snapshot);

        assertThat(sincePreFlight.passed()).isFalse();
        assertThat(sincePreFlight.finding())
                .isEqualTo("1 query on database shop active longer than 5 s started since 2026-11-27T11:59:00Z: pid 12"
                        + " for 30 s: SELECT pg_sleep(?)");
    }

    @Test
    void slowQueriesBeyondTheListingAreSaidToExist() {
        CheckResult many = DatabaseChecks.judge(
                Check.databaseSlowQueries("slow-queries", "shop", 5, null),
                seen(5, 100, 3, List.of(query(11, NOW.minusSeconds(60))), 14));

        assertThat(many.finding()).endsWith("; more not listed");
    }

    @Test
    void theSlowQueryListingReachesTheFastestThresholdOfTheDatabasesChecks() {
        List<Check> checks = List.of(
                Check.databaseSlowQueries("slow-queries", "shop", 5, null),
                Check.databaseSlowQueries("strict", "shop", 2, null),
                Check.databaseSlowQueries("billing", "billing", 1, null));

        assertThat(DatabaseChecks.slowestListed(checks, "shop")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sizesAreShownInBinaryUnits() {
        assertThat(DatabaseChecks.bytes(512)).isEqualTo("512 bytes");
        assertThat(DatabaseChecks.bytes(8_736_091)).isEqualTo("8.3 MB");
        assertThat(DatabaseChecks.bytes(50L << 30)).isEqualTo("50.0 GB");
    }
}
