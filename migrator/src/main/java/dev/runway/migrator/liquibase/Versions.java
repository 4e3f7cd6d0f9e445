package dev.runway.migrator.liquibase;

import dev.runway.migrator.SchemaVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the schema version from Liquibase's changelog table, the runbook's Step 2.4. Public for the verification after
 * the migrations, which reads it again on its own read-only connection.
 */
public final class Versions {

    private static final String CHANGELOG_TABLE = "databasechangelog";

    private Versions() {}

    /** The id of the latest Runway migration applied, or {@link SchemaVersion#NONE}; tag-only rows do not count. */
    public static String latest(Connection connection) throws SQLException {
        if (!tableExists(connection, CHANGELOG_TABLE)) {
            return SchemaVersion.NONE;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM " + CHANGELOG_TABLE + " WHERE author = ? ORDER BY orderexecuted DESC LIMIT 1")) {
            select.setString(1, ChangeLogs.AUTHOR);
            try (ResultSet rs = select.executeQuery()) {
                return SchemaVersion.orNone(rs.next() ? rs.getString(1) : null);
            }
        }
    }

    /** Whether the Runway migration {@code id} is recorded in the changelog as applied. */
    public static boolean applied(Connection connection, String id) throws SQLException {
        if (!tableExists(connection, CHANGELOG_TABLE)) {
            return false;
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT 1 FROM " + CHANGELOG_TABLE + " WHERE author = ? AND id = ?")) {
            select.setString(1, ChangeLogs.AUTHOR);
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
