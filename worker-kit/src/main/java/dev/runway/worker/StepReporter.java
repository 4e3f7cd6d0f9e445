package dev.runway.worker;

import dev.runway.model.event.EventBody;

/** Sends what a handler has to say about the command it is carrying out, in order. */
@FunctionalInterface
public interface StepReporter {

    void report(EventBody body);
}
