package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One schema change. The runbook's fastest database rollback (Step R3, option 1) needs every migration to say how it
 * is undone; a migration that cannot be undone by SQL (a dropped column's data) leaves it out, and its rollback
 * restores the backup taken before migrating.
 *
 * @param id                      the schema version it brings, e.g. {@code 20251024_001}; ordered as given
 * @param sql                     applied in one transaction
 * @param rollbackSql             undoes {@code sql}; null when it cannot be undone by SQL
 * @param backwardCompatible      true when the change only adds (expand-only): the previous application version runs
 *                                on the new schema, so a rollback keeps the schema. Null reads as false. An optional
 *                                field added within version 1
 * @param lockTimeoutSeconds      how long the migration may wait for a lock before it fails (runbook Step 2.3), so
 *                                that it never queues production traffic behind it for long; null for the migrator's
 *                                {@code runway.migrator.lock-timeout}. An optional field added within version 1
 * @param statementTimeoutSeconds how long one statement of the migration may run; null for the migrator's
 *                                {@code runway.migrator.statement-timeout}. An optional field added within version 1
 */
public record Migration(
        String id,
        String description,
        String sql,
        String rollbackSql,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean backwardCompatible,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer lockTimeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer statementTimeoutSeconds) {

    /** A migration not marked expand-only, bound by the migrator's own timeouts. */
    public Migration(String id, String description, String sql, String rollbackSql) {
        this(id, description, sql, rollbackSql, null, null, null);
    }

    /** A migration marked (or not) expand-only, bound by the migrator's own timeouts. */
    public Migration(String id, String description, String sql, String rollbackSql, Boolean backwardCompatible) {
        this(id, description, sql, rollbackSql, backwardCompatible, null, null);
    }

    /** A migration not marked expand-only, with its own timeouts. */
    public Migration(
            String id,
            String description,
            String sql,
            String rollbackSql,
            Integer lockTimeoutSeconds,
            Integer statementTimeoutSeconds) {
        this(id, description, sql, rollbackSql, null, lockTimeoutSeconds, statementTimeoutSeconds);
    }

    @JsonIgnore
    public boolean expandOnly() {
        return Boolean.TRUE.equals(backwardCompatible);
    }

    @JsonIgnore
    public boolean reversibleBySql() {
        return rollbackSql != null && !rollbackSql.isBlank();
    }
}
