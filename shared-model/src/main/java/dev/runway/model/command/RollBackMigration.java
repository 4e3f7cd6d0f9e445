package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;

/**
 * Roll the database back to the release's restore point (migrator), by the way runbook Step R3 allows: keep an
 * expand-only schema, undo the migrations newest first, restore the dump, or restore RDS.
 *
 * @param facts what the migrator chooses with; null from a coordinator that predates it (an optional field added
 *     within version 1), and the migrator then only undoes migrations
 */
public record RollBackMigration(
        String database,
        String restorePoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) RollbackFacts facts) implements CommandBody {

    /** Undo every migration applied after the restore point, newest first. */
    public RollBackMigration(String database, String restorePoint) {
        this(database, restorePoint, null);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.MIGRATION_COMMANDS;
    }
}
