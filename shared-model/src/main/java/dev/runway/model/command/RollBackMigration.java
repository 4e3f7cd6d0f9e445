package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;

/** Undo every migration applied after the restore point, newest first (migrator). */
public record RollBackMigration(String database, String restorePoint) implements CommandBody {

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.MIGRATION_COMMANDS;
    }
}
