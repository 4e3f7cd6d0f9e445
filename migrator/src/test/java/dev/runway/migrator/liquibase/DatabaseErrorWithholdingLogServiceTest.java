package dev.runway.migrator.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorWithholdingLogServiceTest {

    private static final String SERVER =
            "ERROR: duplicate key value violates unique constraint \"subscriber_email_key\"\n"
                    + "  Detail: Key (email)=(DANA@EXAMPLE.COM) already exists.";

    @Test
    void liquibasesOwnLinesPassUnchanged() {
        assertThat(DatabaseErrorWithholdingLogService.withheld("Custom SQL executed", null))
                .isEqualTo("Custom SQL executed");
    }

    @Test
    void aLineWithAnExceptionIsLoggedAsItsSqlStateOnly() {
        String line = DatabaseErrorWithholdingLogService.withheld(
                "ChangeSet 20261127_002 encountered an exception.: " + SERVER,
                new IllegalStateException(new SQLException(SERVER, "23505")));

        assertThat(line).contains("SQLSTATE 23505 unique_violation").doesNotContain("DANA@EXAMPLE.COM", "Detail");
    }

    @Test
    void aLineQuotingTheServerWithoutAnExceptionIsWithheldWhole() {
        assertThat(DatabaseErrorWithholdingLogService.withheld("ERROR: Exception Primary Reason:  " + SERVER, null))
                .doesNotContain("DANA@EXAMPLE.COM")
                .startsWith("a database error, withheld");
    }
}
