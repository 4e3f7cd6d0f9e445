package dev.runway.migrator.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.migrator.liquibase.ChangeLogLock.Assessment;
import dev.runway.migrator.liquibase.ChangeLogLock.Row;
import java.time.LocalDateTime;
import liquibase.database.core.PostgresDatabase;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.core.LockDatabaseChangeLogStatement;
import org.junit.jupiter.api.Test;

class ChangeLogLockTest {

    private static final LocalDateTime GRANTED = LocalDateTime.of(2026, 11, 27, 8, 31, 2);

    @Test
    void theLocksThisJvmsLiquibaseTakesAreSignedAsAMigratorsOwn() throws Exception {
        Class.forName(LiquibaseSchemaMigrator.class.getName());

        Sql[] sql = SqlGeneratorFactory.getInstance()
                .generateSql(new LockDatabaseChangeLogStatement(), new PostgresDatabase());

        assertThat(sql[0].toSql()).containsPattern("LOCKEDBY = '[^']+#runway-migrator \\([^)]+\\)'");
    }

    @Test
    void theAdvisoryKeyIsDerivedFromTheSchemaAndIsTheDocumentedOneForPublic() {
        assertThat(ChangeLogLock.key("public"))
                .isEqualTo(ChangeLogLock.PUBLIC_KEY)
                .isEqualTo(2_120_718_088);
        assertThat(ChangeLogLock.key("billing"))
                .isNotEqualTo(ChangeLogLock.PUBLIC_KEY)
                .isNotNegative();
        assertThat(ChangeLogLock.NAMESPACE).isEqualTo(1_381_322_327);
    }

    @Test
    void anUnlockedRowIsFreeWhoeverIsConnected() {
        assertThat(ChangeLogLock.assess(new Row(false, null, null), 5)).isEqualTo(Assessment.FREE);
    }

    @Test
    void aMigratorsLockIsStaleWhenNoMigratorSessionHoldsItEvenWithOtherSessionsConnected() {
        Row row = new Row(true, GRANTED, "migrator-7d9f-x2k4q#runway-migrator (10.1.4.7)");

        assertThat(ChangeLogLock.assess(row, 12)).isEqualTo(Assessment.STALE);
    }

    @Test
    void anotherToolsLockIsLeftWhileAnyOtherSessionIsConnected() {
        Row row = new Row(true, GRANTED, "dana-laptop (192.168.1.7)");

        assertThat(ChangeLogLock.assess(row, 1)).isEqualTo(Assessment.MAYBE_ALIVE);
    }

    @Test
    void anotherToolsLockIsAbandonedWhenNoOtherSessionIsConnected() {
        Row row = new Row(true, GRANTED, "dana-laptop (192.168.1.7)");

        assertThat(ChangeLogLock.assess(row, 0)).isEqualTo(Assessment.ABANDONED);
    }

    @Test
    void aHostNamedLikeTheMigratorIsNotTakenForOne() {
        assertThat(ChangeLogLock.assess(new Row(true, GRANTED, "runway-migrator (10.1.4.7)"), 1))
                .isEqualTo(Assessment.MAYBE_ALIVE);
        assertThat(ChangeLogLock.assess(new Row(true, null, null), 1)).isEqualTo(Assessment.MAYBE_ALIVE);
    }
}
