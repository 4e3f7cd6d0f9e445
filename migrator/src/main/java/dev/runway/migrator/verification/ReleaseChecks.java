package dev.runway.migrator.verification;

import dev.runway.model.spec.DatabaseVerification;

/** How a release's own check is run: its rows counted by the server, so none of their values reaches the migrator. */
final class ReleaseChecks {

    private ReleaseChecks() {}

    /**
     * The check as a subquery of a count. Only one query fits there (a data-modifying {@code WITH} may not stand in a
     * subquery either); the line breaks keep a trailing {@code --} comment from swallowing the closing parenthesis.
     */
    static String counting(DatabaseVerification.Check check) {
        if (!check.isOneQuery()) {
            throw new IllegalArgumentException("check " + check.name() + " is not one query");
        }
        return "SELECT count(*) FROM (\n" + check.query() + "\n) AS release_check";
    }
}
