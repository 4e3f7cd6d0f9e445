package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;

/**
 * Verify the image digest, set the image on the Deployment and follow the rolling update until
 * every updated replica is available (rollout-agent).
 */
public record RollOutDeployment(KubernetesTarget target, ImageSpec image, int timeoutSeconds) implements CommandBody {

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
