package dev.runway.rollout;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A ConfigMap's data as it was before a release changed it (runbook Step 4.1).
 *
 * @param restartRequired the release restarted the Deployment after applying, so restoring does too
 */
public record ConfigBackup(Map<String, String> data, boolean restartRequired) {

    public ConfigBackup {
        data = new TreeMap<>(data);
    }

    /** One backup per ConfigMap and release: a redelivered apply finds it and keeps the original. */
    public static String name(String configMap, UUID releaseId) {
        return configMap + "-runway-backup-" + releaseId;
    }
}
