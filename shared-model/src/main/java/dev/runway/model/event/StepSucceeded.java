package dev.runway.model.event;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command was carried out.
 *
 * @param outputs facts the coordinator needs later, keyed by {@link Outputs}
 */
public record StepSucceeded(String summary, List<Measurement> measurements, Map<String, String> outputs)
        implements EventBody {

    public StepSucceeded {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        outputs = outputs == null ? Map.of() : new TreeMap<>(outputs);
    }

    @Override
    public boolean concludes() {
        return true;
    }

    /** Keys of {@link #outputs()}. */
    public static final class Outputs {
        /** Deployment revision before the rollout: what a rollback returns to. */
        public static final String PREVIOUS_REVISION = "previousRevision";

        public static final String PREVIOUS_IMAGE = "previousImage";
        public static final String REVISION = "revision";
        public static final String SCHEMA_VERSION_BEFORE = "schemaVersionBefore";
        public static final String SCHEMA_VERSION_AFTER = "schemaVersionAfter";
        /** The version /health reported. */
        public static final String REPORTED_VERSION = "reportedVersion";

        /**
         * The database's connections when pre-flight measured them (other than the validator's own): Phase 9's
         * baseline.
         */
        public static final String DATABASE_CONNECTIONS = "databaseConnections";

        /** When, on the database's clock, pre-flight measured them: Phase 9 counts slow queries started since. */
        public static final String DATABASE_MEASURED_AT = "databaseMeasuredAt";

        /** Pre-flight's CPU per pod of the running Deployment, in cores: Phase 9's baseline. */
        public static final String BASELINE_CPU_CORES = "baselineCpuCores";
        /** Pre-flight's memory (working set) per pod of the running Deployment, in bytes: Phase 9's baseline. */
        public static final String BASELINE_MEMORY_BYTES = "baselineMemoryBytes";

        /** Where runbook Step 2.1's backup of the database was stored, e.g. {@code s3://bucket/shop/…/….dump}. */
        public static final String BACKUP_LOCATION = "backupLocation";

        /** That backup's SHA-256 (hex): a restore checks the file it fetches against it. */
        public static final String BACKUP_SHA256 = "backupSha256";

        /** The RDS snapshot taken with that backup, when the database runs on RDS. */
        public static final String RDS_SNAPSHOT_ID = "rdsSnapshotId";

        /**
         * How runbook Step R3 rolled the database back: {@code schema-kept}, {@code down-migrations},
         * {@code dump-restore}, {@code rds-snapshot} or {@code rds-point-in-time}.
         */
        public static final String ROLLBACK_METHOD = "rollbackMethod";

        /** The RDS instance a rollback restored, which the application is to be pointed at by hand (runbook R3). */
        public static final String RDS_RESTORED_INSTANCE = "rdsRestoredInstance";

        /** That instance's {@code address:port}. */
        public static final String RDS_RESTORED_ENDPOINT = "rdsRestoredEndpoint";

        public static final String PASSED = "passed";
        public static final String TOTAL = "total";

        private Outputs() {}
    }
}
