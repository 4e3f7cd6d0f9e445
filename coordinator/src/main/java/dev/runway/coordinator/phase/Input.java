package dev.runway.coordinator.phase;

import dev.runway.model.event.Event;

/** What can happen to a running release besides its start. */
public sealed interface Input {

    /** A worker reported on a command. */
    record WorkerReported(Event event) implements Input {}

    /** Time passed: deadlines (maximum duration, silent workers) are checked. */
    record ClockTicked() implements Input {}
}
