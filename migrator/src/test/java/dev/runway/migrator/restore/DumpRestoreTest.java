package dev.runway.migrator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DumpRestoreTest {

    /** psql's errors leave the migrator as SQLSTATEs only: its other lines may quote the dump's rows. */
    @Test
    void onlyTheSqlStatesPsqlPrintedAreReported() {
        String stderr = """
                psql:/tmp/rollback-shop.dump.sql:87: ERROR:  23505
                DETAIL:  Key (email)=(dana@example.com) already exists.
                CONTEXT:  COPY customer, line 3: "3\tdana@example.com"
                psql:/tmp/rollback-shop.dump.sql:90: ERROR:  23505
                """;

        assertThat(DumpRestore.sqlStates(stderr))
                .isEqualTo("SQLSTATE 23505 unique_violation (class 23 integrity constraint violation)");

        assertThat(DumpRestore.sqlStates("psql: error: connection to server at \"db\" failed: timeout expired\n"))
                .isEqualTo("psql named no SQLSTATE (connection or file error)");
    }
}
