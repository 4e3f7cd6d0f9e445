package dev.runway.migrator.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.spec.DatabaseVerification;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeyTest {

    private static final String EQ = "OPERATOR(pg_catalog.=)";

    @Test
    void aSimpleKeyCountsRowsWithoutNullsThatMatchNoReferencedRow() {
        ForeignKey key = new ForeignKey(
                "order_line_order_id_fkey",
                "public.order_line",
                "ONLY public.order_line",
                "ONLY public.orders",
                List.of("order_id"),
                List.of("id"),
                List.of(EQ),
                false,
                false,
                true);

        assertThat(key.orphanQuery())
                .isEqualTo("SELECT count(*) FROM ONLY public.order_line AS child WHERE pg_catalog.num_nulls("
                        + "child.order_id) = 0 AND NOT EXISTS (SELECT 1 FROM ONLY public.orders AS parent WHERE"
                        + " parent.id OPERATOR(pg_catalog.=) child.order_id)");
        assertThat(key.describe()).isEqualTo("foreign key order_line_order_id_fkey on public.order_line (NOT VALID)");
    }

    /** The identifiers come quoted from the server; they are used as given, in the key's column order. */
    @Test
    void aCompositeMatchFullKeyAlsoCountsPartlyNullKeysAndKeepsQuotedNamesAsTheyAre() {
        ForeignKey key = new ForeignKey(
                "Line \"Ref\"",
                "\"Sales\".\"Line\"",
                "ONLY \"Sales\".\"Line\"",
                "\"Sales\".\"Order\"",
                List.of("\"Order Id\"", "region"),
                List.of("id", "\"Region\""),
                List.of(EQ, "OPERATOR(public.===)"),
                true,
                true,
                true);

        assertThat(key.orphanQuery())
                .isEqualTo("SELECT count(*) FROM ONLY \"Sales\".\"Line\" AS child WHERE (pg_catalog.num_nulls("
                        + "child.\"Order Id\", child.region) = 0 AND NOT EXISTS (SELECT 1 FROM \"Sales\".\"Order\" AS"
                        + " parent WHERE parent.id OPERATOR(pg_catalog.=) child.\"Order Id\" AND parent.\"Region\""
                        + " OPERATOR(public.===) child.region)) OR pg_catalog.num_nulls(child.\"Order Id\","
                        + " child.region) BETWEEN 1 AND 1");
        assertThat(key.describe()).isEqualTo("foreign key Line \"Ref\" on \"Sales\".\"Line\"");
    }

    @Test
    void aKeyWhoseColumnsDoNotPairUpIsRefused() {
        assertThatThrownBy(() -> new ForeignKey(
                        "k", "t", "ONLY t", "ONLY p", List.of("a", "b"), List.of("id"), List.of(EQ), false, true, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNotValidCheckConstraintCountsTheRowsWhereItsExpressionIsFalse() {
        CheckConstraint check =
                new CheckConstraint("orders_total_check", "public.orders", "ONLY public.orders", "(total >= 0)");

        assertThat(check.violationQuery())
                .isEqualTo("SELECT count(*) FROM ONLY public.orders WHERE NOT ((total >= 0))");
    }

    @Test
    void aReleaseCheckIsCountedAsASubqueryWithoutItsTrailingSemicolon() {
        DatabaseVerification.Check check = new DatabaseVerification.Check(
                "no_negative_totals", "  SELECT id FROM orders WHERE total < 0 -- ids;\n");

        assertThat(ReleaseChecks.counting(check))
                .isEqualTo("SELECT count(*) FROM (\nSELECT id FROM orders WHERE total < 0 -- ids\n) AS release_check");
        assertThat(new DatabaseVerification.Check("two", "SELECT 1; DELETE FROM orders").isOneQuery())
                .isFalse();
        assertThatThrownBy(() -> ReleaseChecks.counting(new DatabaseVerification.Check("two", "SELECT 1; SELECT 2")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
