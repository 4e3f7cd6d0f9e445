package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.spec.KubernetesTarget;
import java.time.Instant;
import java.util.List;

/**
 * Sample the release's guard rules on their intervals until {@link StopGuards} or {@code until}
 * (validator). Each sample is reported as progress of this command, each firing rule as a {@code
 * ThresholdBreached} answering it; the command never concludes on its own.
 *
 * @param environment names the validator's per-environment configuration: which Prometheus, which
 *     queries
 * @param target      the Deployment whose traffic the queries select
 * @param until       a hard stop even if {@link StopGuards} is lost
 */
public record WatchGuards(String environment, KubernetesTarget target, List<GuardRule> rules, Instant until)
        implements CommandBody {

    public WatchGuards {
        rules = List.copyOf(rules);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.VALIDATION_COMMANDS;
    }
}
