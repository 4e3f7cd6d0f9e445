package dev.runway.migrator.restore;

import java.util.Arrays;
import java.util.Optional;

/** The ways runbook Step R3 rolls a database back, in the order the migrator considers them. */
public enum RollbackMethod {
    /** Every migration the release applied is expand-only: the previous version runs on the new schema. */
    SCHEMA_KEPT("schema-kept"),
    /** Option 1: each migration's rollbackSql, newest first, down to the release's restore point. */
    DOWN_MIGRATIONS("down-migrations"),
    /** Step 2.1's verified dump, restored in place in one transaction. */
    DUMP_RESTORE("dump-restore"),
    /** Option 2: a new RDS instance from the snapshot taken before migrating. */
    RDS_SNAPSHOT("rds-snapshot"),
    /** Option 3: a new RDS instance at the moment before the migration began. */
    RDS_POINT_IN_TIME("rds-point-in-time");

    private final String word;

    RollbackMethod(String word) {
        this.word = word;
    }

    /** As the output {@code rollbackMethod} says it. */
    public String word() {
        return word;
    }

    static Optional<RollbackMethod> of(String word) {
        return Arrays.stream(values()).filter(m -> m.word.equals(word)).findFirst();
    }
}
