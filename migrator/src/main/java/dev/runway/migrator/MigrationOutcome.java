package dev.runway.migrator;

import java.util.List;

/** What applying a release's migrations to one database came to. */
public sealed interface MigrationOutcome {

    List<AppliedMigration> applied();

    /** Every migration is applied; {@code applied} lists the ones this run applied. */
    record Completed(String versionBefore, String versionAfter, List<AppliedMigration> applied)
            implements MigrationOutcome {
        public Completed {
            applied = List.copyOf(applied);
        }
    }

    /**
     * The run stopped. Migrations in {@code applied} stay committed; the failed one was rolled back
     * by its own transaction.
     *
     * @param reason names the failed migration, if one had started; already free of secrets
     */
    record Failed(String reason, List<AppliedMigration> applied) implements MigrationOutcome {
        public Failed {
            applied = List.copyOf(applied);
        }
    }
}
