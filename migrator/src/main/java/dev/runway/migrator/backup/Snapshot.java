package dev.runway.migrator.backup;

import java.time.Duration;

/**
 * An available snapshot.
 *
 * @param created false when a snapshot of that name existed already (a resumed command)
 * @param took    from asking for it until RDS reported it available
 */
public record Snapshot(String id, String instanceId, String status, boolean created, Duration took) {}
