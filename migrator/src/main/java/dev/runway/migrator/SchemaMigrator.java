package dev.runway.migrator;

import dev.runway.model.spec.Migration;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies and undoes reversible migrations on one database. Implementations never throw: every
 * failure is an outcome with a reason free of secrets.
 */
public interface SchemaMigrator {

    /**
     * Marks {@code restorePoint} unless it exists, then applies the migrations not applied yet, in
     * order, each in its own transaction.
     *
     * @param onApplied told of each migration as soon as it committed
     */
    MigrationOutcome migrate(
            TargetDatabase database,
            String restorePoint,
            List<Migration> migrations,
            Duration timeout,
            Consumer<AppliedMigration> onApplied);

    /** Undoes, newest first, every migration applied after {@code restorePoint}. */
    RollbackOutcome rollBack(TargetDatabase database, String restorePoint);
}
