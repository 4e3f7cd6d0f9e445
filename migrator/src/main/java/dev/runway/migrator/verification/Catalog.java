package dev.runway.migrator.verification;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the verification reads from PostgreSQL's catalog, for the database's own schemas (not {@code pg_*}). */
final class Catalog {

    /** The schemas of the database's applications: not the system's ({@code pg_catalog}, {@code pg_toast}...). */
    private static final String OWN_SCHEMAS = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

    /**
     * Foreign keys declared on a table, not the copies PostgreSQL keeps per partition ({@code conparentid <> 0}),
     * which the declared one's query covers.
     */
    private static final String FOREIGN_KEYS = "SELECT c.conname,"
            + " format('%I.%I', n.nspname, t.relname),"
            + " format('%s%I.%I', CASE WHEN t.relkind = 'p' THEN '' ELSE 'ONLY ' END, n.nspname, t.relname),"
            + " format('%s%I.%I', CASE WHEN ft.relkind = 'p' THEN '' ELSE 'ONLY ' END, fn.nspname, ft.relname),"
            + " ARRAY(SELECT quote_ident(a.attname) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, i)"
            + "   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.i),"
            + " ARRAY(SELECT quote_ident(a.attname) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, i)"
            + "   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.i),"
            + " ARRAY(SELECT format('OPERATOR(%I.%s)', opn.nspname, o.oprname)"
            + "   FROM unnest(c.conpfeqop) WITH ORDINALITY AS e(op, i) JOIN pg_operator o ON o.oid = e.op"
            + "   JOIN pg_namespace opn ON opn.oid = o.oprnamespace ORDER BY e.i),"
            + " c.confmatchtype = 'f', c.convalidated,"
            + " has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(t.oid, 'SELECT')"
            + "   AND has_schema_privilege(fn.oid, 'USAGE') AND has_table_privilege(ft.oid, 'SELECT')"
            + " FROM pg_constraint c"
            + " JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " JOIN pg_class ft ON ft.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = ft.relnamespace"
            + " WHERE c.contype = 'f' AND c.conparentid = 0 AND " + OWN_SCHEMAS
            + " ORDER BY n.nspname, t.relname, c.conname";

    private static final String CHECK_CONSTRAINTS = "SELECT c.conname, format('%I.%I', n.nspname, t.relname),"
            + " format('ONLY %I.%I', n.nspname, t.relname), pg_get_expr(c.conbin, c.conrelid), c.convalidated,"
            + " has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(t.oid, 'SELECT')"
            + " FROM pg_constraint c"
            + " JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE c.contype = 'c' AND " + OWN_SCHEMAS
            + " ORDER BY n.nspname, t.relname, c.conname";

    private static final String INDEXES = "SELECT format('%I.%I', n.nspname, c.relname), i.indisvalid"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + OWN_SCHEMAS
            + " ORDER BY n.nspname, c.relname";

    private static final String TABLE_EXISTS = "SELECT EXISTS (SELECT 1 FROM information_schema.tables"
            + " WHERE table_schema = coalesce(?, current_schema()) AND table_name = ?)";

    private static final String COLUMNS = "SELECT column_name FROM information_schema.columns"
            + " WHERE table_schema = coalesce(?, current_schema()) AND table_name = ?";

    private Catalog() {}

    static List<ForeignKey> foreignKeys(Connection connection) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(FOREIGN_KEYS);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                keys.add(new ForeignKey(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        strings(rs.getArray(5)),
                        strings(rs.getArray(6)),
                        strings(rs.getArray(7)),
                        rs.getBoolean(8),
                        rs.getBoolean(9),
                        rs.getBoolean(10)));
            }
        }
        return keys;
    }

    /** How many check constraints the tables have; the NOT VALID ones, split by whether the migrator may read them. */
    record CheckConstraints(int total, List<CheckConstraint> notValid, List<String> unreadable) {}

    static CheckConstraints checkConstraints(Connection connection) throws SQLException {
        int total = 0;
        List<CheckConstraint> notValid = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(CHECK_CONSTRAINTS);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                total++;
                if (rs.getBoolean(5)) {
                    continue;
                }
                CheckConstraint check =
                        new CheckConstraint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                if (rs.getBoolean(6)) {
                    notValid.add(check);
                } else {
                    unreadable.add(check.describe());
                }
            }
        }
        return new CheckConstraints(total, notValid, unreadable);
    }

    /** Indexes of the database's own schemas: how many are valid, and the names of those that are not. */
    record Indexes(int valid, List<String> invalid) {}

    static Indexes indexes(Connection connection) throws SQLException {
        int valid = 0;
        List<String> invalid = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(INDEXES);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (rs.getBoolean(2)) {
                    valid++;
                } else {
                    invalid.add(rs.getString(1));
                }
            }
        }
        return new Indexes(valid, invalid);
    }

    /** Whether the table exists, as the migrator's role sees it in information_schema. */
    static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(TABLE_EXISTS)) {
            select.setString(1, schema);
            select.setString(2, table);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static List<String> columns(Connection connection, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(COLUMNS)) {
            select.setString(1, schema);
            select.setString(2, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** A count query's one number. */
    static long count(Connection connection, String countQuery) throws SQLException {
        // not prepared: a release's query may hold '?' as an operator (jsonb), which the driver would take for a
        // parameter
        try (Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery(countQuery)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
