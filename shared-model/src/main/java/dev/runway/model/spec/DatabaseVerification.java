package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the migrator verifies of the database after the release's migrations (runbook Steps 2.4 and 2.5), besides what
 * it always verifies (the schema version, foreign keys, NOT VALID check constraints and indexes). Optional in a spec,
 * added within version 1.
 *
 * @param expectedColumns by table, the columns that must exist once the migrations ran, e.g. {@code {"orders": ["id",
 *                        "coupon_code"]}}; a table may be named {@code schema.table} and otherwise is looked up in the
 *                        database's current schema; an empty list asks only that the table exists. Names as the
 *                        catalog stores them (lower case unless created quoted).
 * @param checks          queries that must return no rows, each run in a read-only transaction; the migrator reports how
 *                        many rows one returned, never their values
 */
public record DatabaseVerification(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> expectedColumns,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Check> checks) {

    public DatabaseVerification {
        // kept in the order written, and null values kept, so that the spec's validation can name them
        expectedColumns =
                expectedColumns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expectedColumns));
        checks = checks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(checks));
    }

    /**
     * One of the release's own integrity checks (Step 2.5's {@code npm run validate:data:prod}).
     *
     * @param name e.g. {@code no_negative_totals}; names the check in every report
     * @param sql  one query (no {@code ;} inside it) whose rows are the violations, e.g. {@code SELECT id FROM orders
     *             WHERE total < 0}
     */
    public record Check(String name, String sql) {

        /**
         * The query as it is run: {@code sql} without surrounding whitespace and one trailing {@code ;}. It is
         * counted as a subquery, so it may only be one query: a {@code ;} inside could end the read-only transaction
         * and run what follows outside it, which is why {@link #isOneQuery()} refuses any (write {@code chr(59)} for
         * the character in a literal).
         */
        public String query() {
            String q = sql == null ? "" : sql.strip();
            return q.endsWith(";") ? q.substring(0, q.length() - 1).strip() : q;
        }

        @JsonIgnore
        public boolean isOneQuery() {
            return !query().isEmpty() && query().indexOf(';') < 0;
        }
    }
}
