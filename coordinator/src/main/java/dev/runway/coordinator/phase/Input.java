package dev.runway.coordinator.phase;

import dev.runway.model.event.Event;
import dev.runway.model.spec.DecisionAction;
import java.util.UUID;

/** What can happen to a running release besides its start. */
public sealed interface Input {

    /** A worker reported on a command. */
    record WorkerReported(Event event) implements Input {}

    /** Time passed: deadlines (maximum duration, silent workers, decisions not taken) are checked. */
    record ClockTicked() implements Input {}

    /**
     * A person decided after a guard rule fired.
     *
     * @param decidedBy who, in their own words until requests are authenticated
     */
    record Decided(DecisionAction action, String reason, String decidedBy) implements Input {}

    /**
     * A newer release of the same application and environment started: its rollout would trip this release's
     * hypercare watch, which observes the same Deployment.
     */
    record Superseded(UUID by) implements Input {}
}
