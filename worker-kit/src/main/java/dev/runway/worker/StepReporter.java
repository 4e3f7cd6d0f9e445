package dev.runway.worker;

import dev.runway.model.event.EventBody;
import java.util.Optional;

/** Sends what a handler has to say about the command it is carrying out, in order. */
@FunctionalInterface
public interface StepReporter {

    void report(EventBody body);

    /**
     * Records durably that one part of the command is done, with what it yielded, before the handler goes on: a
     * worker restarted later resumes the command with the part done ({@link #checkpointed}) rather than doing it again.
     * For a side effect the other system cannot recognise as repeated (a chat post), so that only a crash while that
     * very request is in flight can repeat it. Where there is no durable log (tests), nothing is recorded.
     */
    default void checkpoint(String part, String yielded) {}

    /** What an earlier run of this worker recorded for {@code part} before it stopped; empty when it did not. */
    default Optional<String> checkpointed(String part) {
        return Optional.empty();
    }
}
