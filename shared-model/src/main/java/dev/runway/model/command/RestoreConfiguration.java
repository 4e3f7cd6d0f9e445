package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;

/** Put back the ConfigMap as it was before the release's {@link ApplyConfiguration} (rollout-agent). */
public record RestoreConfiguration(KubernetesTarget target, String configMap, int timeoutSeconds)
        implements CommandBody {

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
