package dev.runway.model.spec;

/**
 * One reversible schema change. The runbook's fastest database rollback (Step R3, option 1) needs
 * every migration to say how it is undone.
 *
 * @param id          the schema version it brings, e.g. {@code 20251024_001}; ordered as given
 * @param sql         applied in one transaction
 * @param rollbackSql undoes {@code sql}
 */
public record Migration(String id, String description, String sql, String rollbackSql) {}
