package dev.runway.coordinator.phase;

import dev.runway.model.guard.GuardRule;
import dev.runway.model.spec.ReleaseSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules a release's guard watches: the runbook's, with the spec's rules replacing or adding by name. */
public final class GuardRules {

    private GuardRules() {}

    public static List<GuardRule> effective(ReleaseSpec spec) {
        Map<String, GuardRule> rules = new LinkedHashMap<>();
        GuardRule.RUNBOOK_DEFAULTS.forEach(r -> rules.put(r.name(), r));
        if (spec.guards() != null) {
            spec.guards().rules().forEach(r -> rules.put(r.name(), r));
        }
        return List.copyOf(rules.values());
    }
}
