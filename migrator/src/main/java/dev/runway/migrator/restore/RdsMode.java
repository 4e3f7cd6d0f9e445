package dev.runway.migrator.restore;

/**
 * How a database on RDS is rolled back when its migrations cannot be undone by SQL
 * ({@code runway.databases."<name>".rollback.rds-mode}); unset, the verified dump is restored in place.
 */
public enum RdsMode {
    /** A new instance {@code <instance>-rollback} from the snapshot taken before migrating. */
    SNAPSHOT,
    /** A new instance {@code <instance>-pitr} at the moment the release's migration began. */
    POINT_IN_TIME
}
