package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the migrator needs to choose how a database is rolled back (runbook Step R3); the coordinator only passes it
 * on, the migrator chooses.
 *
 * @param backupLocation     where runbook Step 2.1's dump was stored ({@code s3://bucket/key}); null when none was
 * @param backupSha256       that dump's SHA-256 (hex), which the file fetched for a restore must have
 * @param rdsSnapshotId      the RDS snapshot taken with it, when the database runs on RDS
 * @param migrationStartedAt when the release's database migration began: a point-in-time recovery restores to just
 *                           before it
 * @param expandOnly         every migration of the release is marked backward compatible
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackFacts(
        String backupLocation,
        String backupSha256,
        String rdsSnapshotId,
        Instant migrationStartedAt,
        boolean expandOnly) {}
