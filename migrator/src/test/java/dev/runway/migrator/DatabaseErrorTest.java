package dev.runway.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorTest {

    private static final String DETAIL =
            "ERROR: duplicate key value violates unique constraint \"customer_email_key\"\n"
                    + "  Detail: Key (email)=(dana@example.com) already exists.";

    @Test
    void aUniqueViolationIsNamedByItsCodeConditionAndClassWithoutTheServersWords() {
        RuntimeException wrapped = new RuntimeException(
                "Migration failed: " + DETAIL, new IllegalStateException(new SQLException(DETAIL, "23505")));

        assertThat(DatabaseError.summary(wrapped))
                .contains("SQLSTATE 23505 unique_violation (class 23 integrity constraint violation)");
    }

    @Test
    void theInnermostSqlStateWinsOverTheWrappersOwn() {
        SQLException server = new SQLException(DETAIL, "42501");
        SQLException wrapper = new SQLException("update failed", "99999", server);

        assertThat(DatabaseError.sqlState(wrapper)).contains("42501");
        assertThat(DatabaseError.summary(wrapper))
                .contains("SQLSTATE 42501 insufficient_privilege (class 42 syntax error or access rule violation)");
    }

    @Test
    void aCodeWithoutAConditionNameStillNamesItsClassAndAnUnknownClassOnlyTheCode() {
        assertThat(DatabaseError.describe("23P99"))
                .isEqualTo("SQLSTATE 23P99 (class 23 integrity constraint violation)");
        assertThat(DatabaseError.describe("ZZ000")).isEqualTo("SQLSTATE ZZ000");
    }

    @Test
    void anErrorThatDidNotComeFromTheDatabaseHasNoSummary() {
        assertThat(DatabaseError.summary(new IllegalStateException("no JDBC driver", new SQLException("no state"))))
                .isEmpty();
    }
}
