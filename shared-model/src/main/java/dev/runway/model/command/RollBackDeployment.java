package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;

/**
 * Restore the pod template of an earlier revision and follow the rollout (rollout-agent), like
 * {@code kubectl rollout undo --to-revision}.
 *
 * @param toRevision the revision the Deployment had before the release; 0 for the previous one
 */
public record RollBackDeployment(KubernetesTarget target, long toRevision, int timeoutSeconds) implements CommandBody {

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
