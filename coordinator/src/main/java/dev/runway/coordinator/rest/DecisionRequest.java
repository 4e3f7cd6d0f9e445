package dev.runway.coordinator.rest;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.spec.DecisionAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /releases/{id}/decisions}.
 *
 * @param decidedBy who decides; required, and the caller's own word until requests are authenticated
 */
public record DecisionRequest(DecisionAction action, String reason, String decidedBy) {

    List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        if (action == null) {
            violations.add(new Violation("action", "is required: ROLLBACK or CONTINUE"));
        }
        if (decidedBy == null || decidedBy.isBlank()) {
            violations.add(new Violation("decidedBy", "is required: who decides"));
        }
        return violations;
    }
}
