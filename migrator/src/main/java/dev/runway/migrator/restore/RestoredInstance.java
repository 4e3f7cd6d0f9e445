package dev.runway.migrator.restore;

import java.time.Duration;

/**
 * An RDS instance restored for a rollback, once available.
 *
 * @param endpoint {@code address:port}, what the application's connection string must name
 * @param created  false when it existed already (a resumed command)
 */
public record RestoredInstance(String instanceId, String status, String endpoint, boolean created, Duration took) {}
