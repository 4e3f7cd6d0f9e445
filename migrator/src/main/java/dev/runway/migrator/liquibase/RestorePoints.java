package dev.runway.migrator.liquibase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps, in the target database itself, the migrations a release applied after its restore point.
 * {@code RollBackMigration} carries only the restore point, and Liquibase can undo a changeset only
 * from a changelog that holds its rollback SQL; keeping it next to the schema it describes lets any
 * migrator instance, even after a restart, roll back.
 */
final class RestorePoints {

    static final String TABLE = "runway_restore_point";

    private RestorePoints() {}

    static void record(Connection connection, String restorePoint, List<Migration> migrations, Instant now)
            throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (restore_point varchar(255) PRIMARY KEY, "
                    + "migrations text NOT NULL, recorded_at timestamp with time zone NOT NULL)");
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (restore_point, migrations, recorded_at) VALUES (?, ?, ?) ON CONFLICT (restore_point) DO UPDATE"
                + " SET migrations = EXCLUDED.migrations, recorded_at = EXCLUDED.recorded_at")) {
            upsert.setString(1, restorePoint);
            upsert.setString(2, RunwayJson.wire().writeValueAsString(migrations));
            upsert.setTimestamp(3, Timestamp.from(now));
            upsert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("migrations could not be written as JSON", e);
        }
    }

    static Optional<List<Migration>> find(Connection connection, String restorePoint) throws SQLException {
        if (!Versions.tableExists(connection, TABLE)) {
            return Optional.empty();
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT migrations FROM " + TABLE + " WHERE restore_point = ?")) {
            select.setString(1, restorePoint);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        RunwayJson.wire().readValue(rs.getString(1), new TypeReference<List<Migration>>() {}));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded migrations of " + restorePoint + " are not readable", e);
        }
    }
}
