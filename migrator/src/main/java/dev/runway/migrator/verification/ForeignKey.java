package dev.runway.migrator.verification;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A foreign key as {@code pg_constraint} describes it, with every identifier already quoted by the server ({@code
 * format('%I')}, {@code quote_ident}) and every operator schema-qualified, so the query built from it reads exactly the
 * tables and compares exactly as the constraint does, whatever the names hold.
 *
 * @param name          the constraint's name as stored, for reports
 * @param table         the referencing table, {@code schema.table}, for reports
 * @param referencing   what the orphan query reads from, e.g. {@code ONLY "public"."order_line"}; without {@code ONLY}
 *                      for a partitioned table, whose rows are in its partitions
 * @param referenced    likewise for the referenced table
 * @param columns       the referencing columns, quoted, in the key's order
 * @param keyColumns    the referenced columns, quoted, in the same order
 * @param operators     per column, the key's {@code PK = FK} equality operator, e.g. {@code OPERATOR("pg_catalog".=)}
 * @param matchFull     {@code MATCH FULL}: a key partly null is a violation too
 * @param validated     false for a constraint added {@code NOT VALID}: the rows before it were never checked
 * @param readable      the migrator may read both tables; otherwise the key is not checked, and the report says so
 */
record ForeignKey(
        String name,
        String table,
        String referencing,
        String referenced,
        List<String> columns,
        List<String> keyColumns,
        List<String> operators,
        boolean matchFull,
        boolean validated,
        boolean readable) {

    ForeignKey {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        operators = List.copyOf(operators);
        if (columns.isEmpty() || columns.size() != keyColumns.size() || columns.size() != operators.size()) {
            throw new IllegalArgumentException("foreign key " + name + " has " + columns.size() + " columns, "
                    + keyColumns.size() + " referenced columns and " + operators.size() + " operators");
        }
    }

    /**
     * Counts the rows that break the key, as PostgreSQL's own check of a new foreign key would find them: a row whose
     * key has no null and matches no referenced row; under {@code MATCH FULL} also a row whose key is partly null.
     */
    String orphanQuery() {
        String nulls = "pg_catalog.num_nulls("
                + columns.stream().map(c -> "child." + c).collect(Collectors.joining(", ")) + ")";
        String match = IntStream.range(0, columns.size())
                .mapToObj(i -> "parent." + keyColumns.get(i) + " " + operators.get(i) + " child." + columns.get(i))
                .collect(Collectors.joining(" AND "));
        String orphan = nulls + " = 0 AND NOT EXISTS (SELECT 1 FROM " + referenced + " AS parent WHERE " + match + ")";
        String where = matchFull && columns.size() > 1
                ? "(" + orphan + ") OR " + nulls + " BETWEEN 1 AND " + (columns.size() - 1)
                : orphan;
        return "SELECT count(*) FROM " + referencing + " AS child WHERE " + where;
    }

    /** How a report names it: {@code foreign key order_line_order_id_fkey on public.order_line (NOT VALID)}. */
    String describe() {
        return "foreign key " + name + " on " + table + (validated ? "" : " (NOT VALID)");
    }
}
