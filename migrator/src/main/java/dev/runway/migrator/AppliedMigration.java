package dev.runway.migrator;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A migration that ran and committed, with how long it took and the bounds it ran under (runbook Step 2.3).
 *
 * @param lockTimeout      how long it could wait for a lock; null when not known
 * @param statementTimeout how long one of its statements could run; null when not known
 */
public record AppliedMigration(
        String id, String description, Duration duration, Duration lockTimeout, Duration statementTimeout) {

    public AppliedMigration(String id, String description, Duration duration) {
        this(id, description, duration, null, null);
    }

    /**
     * The runbook's line, e.g. {@code Migration 001_add_feature_x: SUCCESS (0.5s)}, and the bounds it ran under: {@code
     * Migration 001_add_feature_x: SUCCESS (0.5s; lock_timeout 5 s, statement_timeout 60 s)}.
     */
    public String runbookLine() {
        return "Migration " + id + ": SUCCESS (" + Seconds.format(duration)
                + (lockTimeout == null || statementTimeout == null
                        ? ""
                        : "; lock_timeout " + seconds(lockTimeout) + ", statement_timeout " + seconds(statementTimeout))
                + ")";
    }

    /** {@code 5 s}, {@code 0.25 s}; {@code 0} is PostgreSQL's "no limit". */
    public static String seconds(Duration bound) {
        if (bound.isZero()) {
            return "none";
        }
        return BigDecimal.valueOf(bound.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
