package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;
import java.util.UUID;

/**
 * Restore the pod template of an earlier revision and follow the rollout (rollout-agent), like
 * {@code kubectl rollout undo --to-revision}.
 *
 * @param toRevision the revision the Deployment had before the release; 0 for the previous one
 * @param undoes     null for an ordinary rollback. Otherwise the command id of a {@link RollOutDeployment} the
 *     coordinator gave up on, so it does not know whether that rollout ever ran: the agent rolls back only if the
 *     Deployment's {@code runway.dev/command-id} annotation names this id (the rollout changed it and nothing changed
 *     it since), and otherwise changes nothing and succeeds saying the rollout was never applied. An optional field
 *     added within version 1.
 */
public record RollBackDeployment(
        KubernetesTarget target,
        long toRevision,
        int timeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID undoes)
        implements CommandBody {

    /** An ordinary rollback: the rollout it undoes is known to have run. */
    public RollBackDeployment(KubernetesTarget target, long toRevision, int timeoutSeconds) {
        this(target, toRevision, timeoutSeconds, null);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
