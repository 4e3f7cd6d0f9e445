package dev.runway.coordinator.rest;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.spec.DecisionAction;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /releases/{id}/decisions}. Who decides is the caller's token subject. */
public record DecisionRequest(DecisionAction action, String reason) {

    List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        if (action == null) {
            violations.add(new Violation("action", "is required: ROLLBACK or CONTINUE"));
        }
        return violations;
    }
}
