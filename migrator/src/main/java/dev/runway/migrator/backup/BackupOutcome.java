package dev.runway.migrator.backup;

import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What runbook Step 2.1 came to: the migrations run after {@link Taken} and {@link NotTaken}, never after {@link Refused}. */
public sealed interface BackupOutcome {

    /** For the concluding event, so that a later restore can find the backup. */
    Map<String, String> outputs();

    /** The backup's measurements, for the concluding event. */
    List<Measurement> measurements();

    /** What was done, or not and why, in the words of its progress line: the Phase 2 row keeps only the conclusion. */
    String summary();

    record Taken(BackupRecord backup, Optional<Snapshot> snapshot, List<Measurement> measurements)
            implements BackupOutcome {
        public Taken {
            measurements = List.copyOf(measurements);
        }

        @Override
        public Map<String, String> outputs() {
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put(StepSucceeded.Outputs.BACKUP_LOCATION, backup.location());
            outputs.put(StepSucceeded.Outputs.BACKUP_SHA256, backup.sha256());
            snapshot.ifPresent(s -> outputs.put(StepSucceeded.Outputs.RDS_SNAPSHOT_ID, s.id()));
            return outputs;
        }

        @Override
        public String summary() {
            return backup.runbookLine()
                    + snapshot.map(s ->
                                    "; RDS snapshot " + s.id() + " of instance " + s.instanceId() + ": " + s.status())
                            .orElse("");
        }
    }

    /** None taken, and the configuration allows migrating without one; the reason was reported. */
    record NotTaken(String reason) implements BackupOutcome {
        @Override
        public Map<String, String> outputs() {
            return Map.of();
        }

        @Override
        public String summary() {
            return "backup NOT taken: " + reason;
        }

        @Override
        public List<Measurement> measurements() {
            return List.of();
        }
    }

    /** The step fails with this reason and nothing is migrated. */
    record Refused(String reason) implements BackupOutcome {
        @Override
        public Map<String, String> outputs() {
            return Map.of();
        }

        @Override
        public String summary() {
            return reason;
        }

        @Override
        public List<Measurement> measurements() {
            return List.of();
        }
    }
}
