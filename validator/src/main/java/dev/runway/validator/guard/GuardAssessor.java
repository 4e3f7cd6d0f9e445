package dev.runway.validator.guard;

import java.util.Collection;

/** The verdict of several rules together: the worst one wins, as in Argo Rollouts' analysis runs. */
public final class GuardAssessor {

    private GuardAssessor() {}

    public static Assessment worst(Collection<RuleProgress> rules) {
        Assessment worst = Assessment.SUCCESSFUL;
        for (RuleProgress rule : rules) {
            worst = worst.worst(rule.assessment());
        }
        return worst;
    }
}
