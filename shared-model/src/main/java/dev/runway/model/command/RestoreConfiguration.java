package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
import dev.runway.model.spec.KubernetesTarget;
import java.util.UUID;

/**
 * Put back the ConfigMap as it was before the release's {@link ApplyConfiguration} (rollout-agent).
 *
 * @param undoes null for an ordinary restore. Otherwise the command id of an {@link ApplyConfiguration} the
 *     coordinator gave up on, so it does not know whether that apply ever ran: without this release's backup the
 *     apply never changed the ConfigMap (it backs up before it writes), so the agent changes nothing and succeeds
 *     instead of failing for the missing backup. An optional field added within version 1.
 */
public record RestoreConfiguration(
        KubernetesTarget target,
        String configMap,
        int timeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID undoes)
        implements CommandBody {

    /** An ordinary restore: the apply it undoes is known to have run. */
    public RestoreConfiguration(KubernetesTarget target, String configMap, int timeoutSeconds) {
        this(target, configMap, timeoutSeconds, null);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.ROLLOUT_COMMANDS;
    }
}
