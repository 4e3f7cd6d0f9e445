package dev.runway.model.spec;

import java.util.Map;
import java.util.TreeMap;

/**
 * New entries for one ConfigMap (runbook Phase 4). Secrets are out of scope on purpose: their
 * values would have to travel through Kafka.
 *
 * @param restartRequired true when the application does not hot-reload its configuration, so the
 *                        Deployment is restarted (Step 4.4)
 */
public record ConfigurationChange(String configMap, Map<String, String> data, boolean restartRequired) {

    public ConfigurationChange {
        data = data == null ? Map.of() : new TreeMap<>(data);
    }
}
