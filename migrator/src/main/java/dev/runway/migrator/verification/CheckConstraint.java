package dev.runway.migrator.verification;

/**
 * A table's check constraint added {@code NOT VALID}: PostgreSQL enforces it on new rows only, so the rows before it
 * are counted here instead of {@code ALTER TABLE ... VALIDATE CONSTRAINT}, which would take a lock and write.
 *
 * @param table      {@code ONLY "schema"."table"}, quoted by the server
 * @param expression the constraint's expression as {@code pg_get_expr} deparses it
 */
record CheckConstraint(String name, String tableName, String table, String expression) {

    /** A row violates a check constraint when its expression is false; true or null passes, as PostgreSQL has it. */
    String violationQuery() {
        return "SELECT count(*) FROM " + table + " WHERE NOT (" + expression + ")";
    }

    String describe() {
        return "check constraint " + name + " on " + tableName + " (NOT VALID)";
    }
}
