package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;
import java.util.Map;
import java.util.TreeMap;

/**
 * Back up the ConfigMap, apply the new entries and, if required, restart the Deployment and follow
 * the rollout (rollout-agent).
 */
public record ApplyConfiguration(
        KubernetesTarget target,
        String configMap,
        Map<String, String> data,
        boolean restartRequired,
        int timeoutSeconds)
        implements CommandBody {

    public ApplyConfiguration {
        data = new TreeMap<>(data);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
