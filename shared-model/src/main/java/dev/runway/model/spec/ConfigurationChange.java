package dev.runway.model.spec;

import java.util.Map;
import java.util.TreeMap;

/**
 * New entries for the application's ConfigMap (runbook Phase 4); which ConfigMap is configured on the coordinator
 * per application and environment. Secrets are out of scope on purpose: their values would have to travel through
 * Kafka.
 *
 * @param restartRequired true when the application does not hot-reload its configuration, so the Deployment is
 *                        restarted (Step 4.4)
 */
public record ConfigurationChange(Map<String, String> data, boolean restartRequired) {

    public ConfigurationChange {
        data = data == null ? Map.of() : new TreeMap<>(data);
    }
}
