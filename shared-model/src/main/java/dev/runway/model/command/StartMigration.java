package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.Migration;
import java.util.List;

/**
 * Mark a restore point, apply the migrations in order, report the schema version before and after
 * (migrator).
 *
 * @param restorePoint the tag a later {@link RollBackMigration} returns to
 */
public record StartMigration(String database, String restorePoint, List<Migration> migrations, int timeoutSeconds)
        implements CommandBody {

    public StartMigration {
        migrations = List.copyOf(migrations);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.MIGRATION_COMMANDS;
    }
}
