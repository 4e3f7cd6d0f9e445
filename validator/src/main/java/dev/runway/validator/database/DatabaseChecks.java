package dev.runway.validator.database;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.Dependency;
import dev.runway.validator.CheckResult;
import dev.runway.validator.CheckResult.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Judges the database checks against one {@link DatabaseSnapshot}. Pure: every rule is tested by calling it. Each
 * result carries one {@link Reading} whose sentence names the database, what was seen and the threshold.
 */
public final class DatabaseChecks {

    private DatabaseChecks() {}

    public static CheckResult judge(Check check, DatabaseSnapshot snapshot) {
        return switch (check.kind()) {
            case DATABASE_REACHABLE -> reachable(check, snapshot);
            case DATABASE_CONNECTIONS -> connections(check, snapshot);
            case DATABASE_SLOW_QUERIES -> slowQueries(check, snapshot);
            case DATABASE_SIZE -> size(check, snapshot);
            default -> throw new IllegalArgumentException(check.name() + " is not a check of the database");
        };
    }

    /** The snapshot's slow-query listing must reach down to the fastest threshold any of these checks uses. */
    public static Duration slowestListed(List<Check> checks, String database) {
        return checks.stream()
                .filter(c -> c.dependency() != null
                        && database.equals(c.dependency().database())
                        && c.dependency().slowQuerySeconds() != null)
                .map(c -> Duration.ofSeconds(c.dependency().slowQuerySeconds()))
                .min(Duration::compareTo)
                .orElse(Duration.ofSeconds(5));
    }

    private static CheckResult reachable(Check check, DatabaseSnapshot snapshot) {
        String threshold = "answers SELECT 1";
        if (snapshot.selectOne() == null) {
            return result(
                    check,
                    false,
                    new Reading(
                            null,
                            "none",
                            "ms",
                            threshold,
                            "database " + snapshot.database() + " did not answer SELECT 1: " + snapshot.error(),
                            true));
        }
        return result(
                check,
                true,
                new Reading(
                        null,
                        Long.toString(snapshot.selectOne().toMillis()),
                        "ms",
                        threshold,
                        "database " + snapshot.database() + " answered SELECT 1 in " + millis(snapshot.selectOne())
                                + " (connected in " + millis(snapshot.connected()) + ")",
                        false));
    }

    private static CheckResult connections(Check check, DatabaseSnapshot snapshot) {
        Dependency limits = check.dependency();
        boolean againstBaseline = limits.baselineConnections() != null;
        String threshold = againstBaseline
                ? "<= " + limits.allowedConnections() + " (pre-flight " + limits.baselineConnections()
                        + tolerance(limits) + ")"
                : "< " + limits.maxConnectionsPercent() + "% of max_connections";
        DatabaseSnapshot.State state = snapshot.state();
        if (state == null) {
            return unmeasured(check, snapshot, "connections", threshold);
        }
        String database = "database " + snapshot.database();
        String ofDatabase =
                state.databaseConnections() + " to " + database + " (" + state.activeConnections() + " active)";
        if (againstBaseline) {
            boolean within = state.databaseConnections() <= limits.allowedConnections();
            String explanation = database + " has " + plural(state.databaseConnections(), "connection") + " ("
                    + state.activeConnections() + " active) " + (within ? "<=" : ">") + " "
                    + limits.allowedConnections() + ": pre-flight " + limits.baselineConnections()
                    + tolerance(limits);
            return result(
                    check,
                    within,
                    new Reading(
                            null,
                            Integer.toString(state.databaseConnections()),
                            "connections",
                            threshold,
                            explanation,
                            false));
        }
        boolean below =
                (long) state.serverConnections() * 100 < (long) limits.maxConnectionsPercent() * state.maxConnections();
        long percent =
                state.maxConnections() == 0 ? 100 : (long) state.serverConnections() * 100 / state.maxConnections();
        String explanation = plural(state.serverConnections(), "connection") + " of max_connections "
                + state.maxConnections() + " (" + percent + "%) " + (below ? "<" : ">=") + " "
                + limits.maxConnectionsPercent() + "%; " + ofDatabase;
        return result(
                check,
                below,
                new Reading(
                        null,
                        Integer.toString(state.serverConnections()),
                        "connections",
                        threshold,
                        explanation,
                        false));
    }

    private static CheckResult slowQueries(Check check, DatabaseSnapshot snapshot) {
        Dependency limits = check.dependency();
        Instant since = limits.since();
        String threshold =
                "none active > " + limits.slowQuerySeconds() + " s" + (since == null ? "" : " started since " + since);
        DatabaseSnapshot.State state = snapshot.state();
        if (state == null) {
            return unmeasured(check, snapshot, "slow queries", threshold);
        }
        Duration limit = Duration.ofSeconds(limits.slowQuerySeconds());
        List<DatabaseSnapshot.SlowQuery> slow = state.slowQueries().stream()
                .filter(q -> q.running().compareTo(limit) > 0)
                .filter(q -> since == null || !q.started().isBefore(since))
                .toList();
        boolean unlisted = state.slowQueryCount() > state.slowQueries().size();
        String what = "on database " + snapshot.database() + " active longer than " + limits.slowQuerySeconds() + " s"
                + (since == null ? "" : " started since " + since);
        if (!slow.isEmpty()) {
            String listed = slow.stream()
                    .map(q -> "pid " + q.pid() + " for " + q.running().toSeconds() + " s: " + q.text())
                    .collect(Collectors.joining("; "));
            String explanation =
                    plural(slow.size(), "query") + " " + what + ": " + listed + (unlisted ? "; more not listed" : "");
            return result(
                    check,
                    false,
                    new Reading(null, Integer.toString(slow.size()), "queries", threshold, explanation, false));
        }
        if (state.hiddenSessions() > 0) {
            String explanation = "no query seen " + what + ", but the state of "
                    + plural(state.hiddenSessions(), "session") + " could not be read: grant pg_monitor to the"
                    + " validator's role";
            return result(check, false, new Reading(null, "unknown", "queries", threshold, explanation, true));
        }
        return result(check, true, new Reading(null, "0", "queries", threshold, "no query " + what, false));
    }

    private static CheckResult size(Check check, DatabaseSnapshot snapshot) {
        long limit = check.dependency().maxSizeBytes();
        String threshold = "< " + bytes(limit);
        DatabaseSnapshot.State state = snapshot.state();
        if (state == null) {
            return unmeasured(check, snapshot, "size", threshold);
        }
        boolean below = state.sizeBytes() < limit;
        String explanation = "database " + snapshot.database() + " is " + bytes(state.sizeBytes()) + " ("
                + String.format(Locale.ROOT, "%.1f", state.sizeBytes() * 100.0 / limit) + "% of its limit) "
                + (below ? "<" : ">=") + " " + bytes(limit);
        return result(
                check,
                below,
                new Reading(null, Long.toString(state.sizeBytes()), "bytes", threshold, explanation, false));
    }

    private static CheckResult unmeasured(Check check, DatabaseSnapshot snapshot, String what, String threshold) {
        String explanation =
                "database " + snapshot.database() + ": " + what + " could not be read: " + snapshot.error();
        return result(check, false, new Reading(null, "none", "", threshold, explanation, true));
    }

    private static CheckResult result(Check check, boolean passed, Reading reading) {
        return new CheckResult(check, null, passed, null, passed ? null : reading.explanation(), reading);
    }

    private static String tolerance(Dependency limits) {
        return " +" + (limits.tolerancePercent() == null ? 0 : limits.tolerancePercent()) + "%, at least +"
                + (limits.toleranceMinimum() == null ? 0 : limits.toleranceMinimum());
    }

    private static String plural(int count, String noun) {
        if (count == 1) {
            return "1 " + noun;
        }
        return count + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    private static String millis(Duration duration) {
        return duration == null ? "?" : duration.toMillis() + " ms";
    }

    /** Binary units, as {@code pg_size_pretty} uses them. */
    static String bytes(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
