package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One schema change. The runbook's fastest database rollback (Step R3, option 1) needs every migration to say how it
 * is undone; a migration that cannot be undone by SQL (a dropped column's data) leaves it out, and its rollback
 * restores the backup taken before migrating.
 *
 * @param id                 the schema version it brings, e.g. {@code 20251024_001}; ordered as given
 * @param sql                applied in one transaction
 * @param rollbackSql        undoes {@code sql}; null when it cannot be undone by SQL
 * @param backwardCompatible true when the change only adds (expand-only): the previous application version runs on
 *                           the new schema, so a rollback keeps the schema. Null reads as false. An optional field
 *                           added within version 1
 */
public record Migration(
        String id,
        String description,
        String sql,
        String rollbackSql,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean backwardCompatible) {

    /** A migration not marked expand-only. */
    public Migration(String id, String description, String sql, String rollbackSql) {
        this(id, description, sql, rollbackSql, null);
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
