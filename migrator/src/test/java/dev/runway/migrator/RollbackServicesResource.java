package dev.runway.migrator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The databases runbook Step R3 is tried on, each backed up to {@link BackupServicesResource}'s S3 before migrating;
 * two run on "RDS" (WireMock) with a rollback mode each.
 */
public class RollbackServicesResource implements QuarkusTestResourceLifecycleManager {

    public static final String DOWN = "rollback_down";
    public static final String DUMPED = "rollback_dumped";
    public static final String TAMPERED = "rollback_tampered";
    public static final String EXPANDED = "rollback_expanded";
    public static final String ON_RDS = "rollback_rds";
    public static final String ON_RDS_PITR = "rollback_pitr";

    public static final String RDS_INSTANCE = "orders-prod";
    public static final String RDS_PITR_INSTANCE = "ledger-prod";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String db : new String[] {DOWN, DUMPED, TAMPERED, EXPANDED}) {
            config.put("runway.databases." + db + ".backup.bucket", BackupServicesResource.BUCKET);
        }
        config.put("runway.databases." + ON_RDS + ".backup.rds-instance-id", RDS_INSTANCE);
        config.put("runway.databases." + ON_RDS + ".rollback.rds-mode", "snapshot");
        config.put("runway.databases." + ON_RDS_PITR + ".backup.rds-instance-id", RDS_PITR_INSTANCE);
        config.put("runway.databases." + ON_RDS_PITR + ".rollback.rds-mode", "point-in-time");
        config.put("runway.migrator.rollback.rds-poll-interval", "50ms");
        config.put("runway.migrator.rollback.rds-timeout", "10s");
        config.put("runway.migrator.rollback.restore-timeout", "60s");
        return config;
    }

    @Override
    public void stop() {
        // nothing of its own to stop
    }
}
