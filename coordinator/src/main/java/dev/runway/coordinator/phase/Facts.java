package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.runway.model.command.Announce;
import dev.runway.model.event.StepSucceeded.Outputs;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What workers reported that later steps need. Stored and shown as the flat map of strings it has always been, keyed
 * by {@link Outputs} and {@link Announce.Facts}; outputs that no later step reads are not kept.
 *
 * @param reportedVersion    the version /health reported at the latest check that read it
 * @param previousVersion    the version running before the release: what a rollback must bring back
 * @param previousRevision   the Deployment revision the rollout replaced: what ROLL_BACK_APPLICATION returns to
 * @param revision           the Deployment revision the rollout created
 * @param databaseBaseline   the database's connections when pre-flight measured them, and when: what Phase 9 compares
 *                           with
 * @param resourceBaseline   CPU and memory per pod measured in pre-flight, which Phase 9 compares with
 * @param databaseBackup     the backup taken before migrating, which rolling the database back may restore
 * @param rehearsalSkippedBy the DBA whose GO vote consented to migrating without a rehearsal (runbook Step 2.2)
 */
public record Facts(
        Optional<String> reportedVersion,
        Optional<String> previousVersion,
        Optional<Revision> previousRevision,
        Optional<Revision> revision,
        Optional<String> previousImage,
        Optional<String> schemaVersionBefore,
        Optional<String> schemaVersionAfter,
        Optional<DatabaseBaseline> databaseBaseline,
        Optional<ResourceBaseline> resourceBaseline,
        Optional<DatabaseBackup> databaseBackup,
        Optional<String> rehearsalSkippedBy) {

    /** Kept beside the workers' outputs: the DBA who consented in the vote to skipping the rehearsal. */
    public static final String REHEARSAL_SKIPPED_BY = "rehearsalSkippedBy";

    public static final Facts NONE = new Facts(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    public Facts {
        Objects.requireNonNull(reportedVersion);
        Objects.requireNonNull(previousVersion);
        Objects.requireNonNull(previousRevision);
        Objects.requireNonNull(revision);
        Objects.requireNonNull(previousImage);
        Objects.requireNonNull(schemaVersionBefore);
        Objects.requireNonNull(schemaVersionAfter);
        Objects.requireNonNull(databaseBaseline);
        Objects.requireNonNull(resourceBaseline);
        Objects.requireNonNull(databaseBackup);
        Objects.requireNonNull(rehearsalSkippedBy);
    }

    /**
     * Runbook Step 2.1's backup as the migrator reported it: what a database rollback may restore (Step R3). Each part
     * may be missing (no bucket, not on RDS).
     */
    public record DatabaseBackup(Optional<String> location, Optional<String> sha256, Optional<String> rdsSnapshotId) {

        /** Empty unless the outputs name a backup or a snapshot. */
        static Optional<DatabaseBackup> parse(Map<String, String> outputs) {
            Optional<String> location = Optional.ofNullable(outputs.get(Outputs.BACKUP_LOCATION));
            Optional<String> snapshot = Optional.ofNullable(outputs.get(Outputs.RDS_SNAPSHOT_ID));
            if (location.isEmpty() && snapshot.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new DatabaseBackup(location, Optional.ofNullable(outputs.get(Outputs.BACKUP_SHA256)), snapshot));
        }
    }

    /**
     * Pre-flight's count of the database's connections (the validator's own left out), and the database's clock when it
     * was taken.
     */
    public record DatabaseBaseline(int connections, Instant measuredAt) {

        /** Empty unless both outputs are there and readable. */
        static Optional<DatabaseBaseline> parse(Map<String, String> outputs) {
            String connections = outputs.get(Outputs.DATABASE_CONNECTIONS);
            String measuredAt = outputs.get(Outputs.DATABASE_MEASURED_AT);
            if (connections == null || measuredAt == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new DatabaseBaseline(Integer.parseInt(connections), Instant.parse(measuredAt)));
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        }
    }

    /** What a step's outputs add. The first rollback point stated wins (see {@link #withRollbackPoint}). */
    public Facts learn(Map<String, String> outputs) {
        return new Facts(
                latest(outputs, Outputs.REPORTED_VERSION, reportedVersion),
                previousVersion,
                previousRevision.or(() -> Revision.parse(outputs.get(Outputs.PREVIOUS_REVISION))),
                Revision.parse(outputs.get(Outputs.REVISION)).or(() -> revision),
                latest(outputs, Outputs.PREVIOUS_IMAGE, previousImage),
                latest(outputs, Outputs.SCHEMA_VERSION_BEFORE, schemaVersionBefore),
                latest(outputs, Outputs.SCHEMA_VERSION_AFTER, schemaVersionAfter),
                databaseBaseline.or(() -> DatabaseBaseline.parse(outputs)),
                ResourceBaseline.from(outputs).or(() -> resourceBaseline),
                DatabaseBackup.parse(outputs).or(() -> databaseBackup),
                rehearsalSkippedBy);
    }

    /**
     * The rollback point stated before the change. Kept once known: a rollout redelivered to a restarted agent finds
     * the new image already set and would name the new revision as the previous one.
     */
    public Facts withRollbackPoint(String stated) {
        return new Facts(
                reportedVersion,
                previousVersion,
                previousRevision.or(() -> Revision.parse(stated)),
                revision,
                previousImage,
                schemaVersionBefore,
                schemaVersionAfter,
                databaseBaseline,
                resourceBaseline,
                databaseBackup,
                rehearsalSkippedBy);
    }

    /** The version running now becomes the one a rollback must bring back. */
    public Facts withReportedVersionAsPrevious() {
        return new Facts(
                reportedVersion,
                reportedVersion.or(() -> previousVersion),
                previousRevision,
                revision,
                previousImage,
                schemaVersionBefore,
                schemaVersionAfter,
                databaseBaseline,
                resourceBaseline,
                databaseBackup,
                rehearsalSkippedBy);
    }

    @JsonValue
    public Map<String, String> asMap() {
        Map<String, String> map = new TreeMap<>();
        reportedVersion.ifPresent(v -> map.put(Outputs.REPORTED_VERSION, v));
        previousVersion.ifPresent(v -> map.put(Announce.Facts.PREVIOUS_VERSION, v));
        previousRevision.ifPresent(v -> map.put(Outputs.PREVIOUS_REVISION, v.toString()));
        revision.ifPresent(v -> map.put(Outputs.REVISION, v.toString()));
        previousImage.ifPresent(v -> map.put(Outputs.PREVIOUS_IMAGE, v));
        schemaVersionBefore.ifPresent(v -> map.put(Outputs.SCHEMA_VERSION_BEFORE, v));
        schemaVersionAfter.ifPresent(v -> map.put(Outputs.SCHEMA_VERSION_AFTER, v));
        databaseBaseline.ifPresent(b -> {
            map.put(Outputs.DATABASE_CONNECTIONS, Integer.toString(b.connections()));
            map.put(Outputs.DATABASE_MEASURED_AT, b.measuredAt().toString());
        });
        resourceBaseline.ifPresent(b -> {
            map.put(Outputs.BASELINE_CPU_CORES, b.cpuCores());
            map.put(Outputs.BASELINE_MEMORY_BYTES, b.memoryBytes());
        });
        databaseBackup.ifPresent(b -> {
            b.location().ifPresent(v -> map.put(Outputs.BACKUP_LOCATION, v));
            b.sha256().ifPresent(v -> map.put(Outputs.BACKUP_SHA256, v));
            b.rdsSnapshotId().ifPresent(v -> map.put(Outputs.RDS_SNAPSHOT_ID, v));
        });
        rehearsalSkippedBy.ifPresent(dba -> map.put(REHEARSAL_SKIPPED_BY, dba));
        return map;
    }

    @JsonCreator
    public static Facts fromMap(Map<String, String> map) {
        Facts facts = NONE.learn(map).withPreviousVersion(map.get(Announce.Facts.PREVIOUS_VERSION));
        String dba = map.get(REHEARSAL_SKIPPED_BY);
        return dba == null ? facts : facts.withRehearsalSkippedBy(dba);
    }

    /** The DBA's GO vote consented to migrating production without rehearsing on a scratch copy first. */
    public Facts withRehearsalSkippedBy(String dba) {
        return new Facts(
                reportedVersion,
                previousVersion,
                previousRevision,
                revision,
                previousImage,
                schemaVersionBefore,
                schemaVersionAfter,
                databaseBaseline,
                resourceBaseline,
                databaseBackup,
                Optional.of(dba));
    }

    private Facts withPreviousVersion(String version) {
        return new Facts(
                reportedVersion,
                Optional.ofNullable(version),
                previousRevision,
                revision,
                previousImage,
                schemaVersionBefore,
                schemaVersionAfter,
                databaseBaseline,
                resourceBaseline,
                databaseBackup,
                rehearsalSkippedBy);
    }

    private static Optional<String> latest(Map<String, String> outputs, String key, Optional<String> known) {
        return Optional.ofNullable(outputs.get(key)).or(() -> known);
    }
}
