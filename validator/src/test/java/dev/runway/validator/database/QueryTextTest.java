package dev.runway.validator.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.validator.ValidatorFixtures;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void literalsBecomeQuestionMarksSoNoValueOrPasswordIsShown() {
        assertThat(QueryText.redact("ALTER ROLE shop PASSWORD 'hunter2'")).isEqualTo("ALTER ROLE shop PASSWORD ?");
        assertThat(QueryText.redact("SELECT * FROM customer WHERE email = 'a@b.c' AND id = 42"))
                .isEqualTo("SELECT * FROM customer WHERE email = ? AND id = ?");
        assertThat(QueryText.redact("SELECT E'it\\'s', $$body$$, $f$x$f$, 1.5e3, t1.c2 FROM t1"))
                .isEqualTo("SELECT ?, ?, ?, ?, t1.c2 FROM t1");
        assertThat(QueryText.redact("SELECT pg_sleep(8) /* token 'abc' */ -- 'secret'"))
                .isEqualTo("SELECT pg_sleep(?)");
    }

    @Test
    void aLiteralCutOffByTheServerIsHiddenToTheEnd() {
        assertThat(QueryText.redact("INSERT INTO users VALUES ('alice', 'pass"))
                .isEqualTo("INSERT INTO users VALUES (?, ?");
    }

    @Test
    void parametersStayAndLongQueriesAreCutAtSixtyCharacters() {
        String redacted = QueryText.redact("UPDATE orders SET state = $1 WHERE id = $2 AND customer_id IN (SELECT id"
                + " FROM customer WHERE region = $3)");
        assertThat(redacted)
                .startsWith("UPDATE orders SET state = $1 WHERE id = $2")
                .endsWith("…");
        assertThat(redacted).hasSize(61);
    }

    @Test
    void aDriverMessageQuotingThePasswordIsMasked() {
        var database = ValidatorFixtures.config(Map.of(
                        "runway.validator.databases.\"shop\".jdbc-url", "jdbc:postgresql://db/shop",
                        "runway.validator.databases.\"shop\".username", "monitor",
                        "runway.validator.databases.\"shop\".password", "s3cret-pw"))
                .databases()
                .get("shop");

        String described = JdbcDatabaseHealth.describe(
                new SQLException("authentication with s3cret-pw failed", "28P01"), database);

        assertThat(described).isEqualTo("SQLException (SQLSTATE 28P01): authentication with **** failed");
    }
}
