package dev.runway.migrator;

/** The id of the latest migration applied to a database; {@value #NONE} before the first. */
public final class SchemaVersion {

    public static final String NONE = "none";

    private SchemaVersion() {}

    public static String orNone(String latestMigrationId) {
        return latestMigrationId == null ? NONE : latestMigrationId;
    }
}
