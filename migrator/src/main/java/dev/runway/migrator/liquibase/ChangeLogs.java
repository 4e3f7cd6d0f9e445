package dev.runway.migrator.liquibase;

import dev.runway.model.spec.Migration;
import java.util.List;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * Builds a Liquibase changelog in memory from a release's migrations: one changeset per migration,
 * with its rollback SQL. Built as objects rather than formatted-SQL text, so nothing in a
 * migration's SQL can be misread as a changelog directive.
 */
final class ChangeLogs {

    /**
     * Liquibase identifies a changeset by id, author and path; fixing the last two keeps a
     * migration's identity equal to its id across releases and redeliveries.
     */
    static final String PATH = "runway/migrations.sql";

    static final String AUTHOR = "runway";

    private ChangeLogs() {}

    static DatabaseChangeLog of(List<Migration> migrations) {
        DatabaseChangeLog changeLog = new DatabaseChangeLog(PATH);
        for (Migration migration : migrations) {
            ChangeSet changeSet =
                    new ChangeSet(migration.id(), AUTHOR, false, false, PATH, null, null, true, changeLog);
            changeSet.setComments(migration.description());
            changeSet.addChange(sql(migration.sql()));
            // without rollbackSql Liquibase cannot undo it; the rollback restores the backup instead (runbook R3)
            if (migration.reversibleBySql()) {
                changeSet.addRollbackChange(sql(migration.rollbackSql()));
            }
            changeLog.addChangeSet(changeSet);
        }
        return changeLog;
    }

    private static RawSQLChange sql(String sql) {
        RawSQLChange change = new RawSQLChange(sql);
        // the driver runs multi-statement text itself and understands dollar quoting; Liquibase's splitter does not
        change.setSplitStatements(false);
        return change;
    }
}
