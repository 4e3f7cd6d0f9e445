package dev.runway.migrator.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.runway.migrator.SchemaVersion;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the database itself says about a release's restore point: whether it is marked in Liquibase's changelog, and
 * which of the migrations recorded with it (with their rollbackSql and expand-only mark) ran after it. A restore of the
 * dump taken before migrating removes the mark, so a redelivered rollback finds nothing left to restore.
 *
 * @param applied the recorded migrations the changelog shows applied after the mark, in order
 */
record RestorePointState(boolean marked, String version, List<Migration> applied) {

    private static final String CHANGELOG = "databasechangelog";
    private static final String RESTORE_POINTS = "runway_restore_point";
    private static final String AUTHOR = "runway";

    static RestorePointState read(Connection connection, String restorePoint) throws SQLException {
        if (!exists(connection, CHANGELOG)) {
            return new RestorePointState(false, SchemaVersion.NONE, List.of());
        }
        String version = SchemaVersion.NONE;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM " + CHANGELOG + " WHERE author = ? ORDER BY orderexecuted DESC LIMIT 1")) {
            select.setString(1, AUTHOR);
            try (ResultSet rs = select.executeQuery()) {
                version = SchemaVersion.orNone(rs.next() ? rs.getString(1) : null);
            }
        }
        Integer markedAt = null;
        try (PreparedStatement select =
                connection.prepareStatement("SELECT min(orderexecuted) FROM " + CHANGELOG + " WHERE tag = ?")) {
            select.setString(1, restorePoint);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    markedAt = (Integer) rs.getObject(1);
                }
            }
        }
        if (markedAt == null) {
            return new RestorePointState(false, version, List.of());
        }
        Set<String> appliedIds = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM " + CHANGELOG + " WHERE author = ? AND orderexecuted > ?")) {
            select.setString(1, AUTHOR);
            select.setInt(2, markedAt);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    appliedIds.add(rs.getString(1));
                }
            }
        }
        return new RestorePointState(
                true,
                version,
                recorded(connection, restorePoint).stream()
                        .filter(m -> appliedIds.contains(m.id()))
                        .toList());
    }

    private static List<Migration> recorded(Connection connection, String restorePoint) throws SQLException {
        if (!exists(connection, RESTORE_POINTS)) {
            return List.of();
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT migrations FROM " + RESTORE_POINTS + " WHERE restore_point = ?")) {
            select.setString(1, restorePoint);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? RunwayJson.wire().readValue(rs.getString(1), new TypeReference<List<Migration>>() {})
                        : List.of();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the migrations recorded with " + restorePoint + " are not readable", e);
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
