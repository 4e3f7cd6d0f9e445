package dev.runway.model.spec;

import java.util.List;

/**
 * Schema changes for one database.
 *
 * @param database the migrator's name for the database; its URL and credentials live in the
 *                 migrator's configuration
 */
public record DatabaseChange(String database, List<Migration> migrations) {

    public DatabaseChange {
        migrations = migrations == null ? List.of() : List.copyOf(migrations);
    }
}
