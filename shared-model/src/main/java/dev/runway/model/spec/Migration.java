package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reversible schema change. The runbook's fastest database rollback (Step R3, option 1) needs
 * every migration to say how it is undone.
 *
 * @param id                      the schema version it brings, e.g. {@code 20251024_001}; ordered as given
 * @param sql                     applied in one transaction
 * @param rollbackSql             undoes {@code sql}
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer lockTimeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer statementTimeoutSeconds) {

    /** A migration bound by the migrator's own timeouts. */
    public Migration(String id, String description, String sql, String rollbackSql) {
        this(id, description, sql, rollbackSql, null, null);
    }
}
