package dev.runway.coordinator.phase;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.event.Announced;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A worker's event as the engine reads it. {@link #of} is the one place that names every {@link EventBody} type;
 * everything else switches over {@link Kind}, which the compiler checks for exhaustiveness.
 *
 * @param text    the description, progress message, summary or failure reason
 * @param trigger  why the step failed; null unless {@link Kind#FAILURE} or {@link Kind#REFUSED}
 * @param evidence what a guard rule saw when it fired; null unless a guard reported the failure
 */
record Report(
        Kind kind,
        String text,
        RollbackTrigger trigger,
        List<Measurement> measurements,
        Map<String, String> outputs,
        Evidence evidence) {

    enum Kind {
        PROGRESS,
        SUCCESS,
        /** The step failed, and may have changed production before it did. */
        FAILURE,
        /** The worker did not carry the command out: the step failed and changed nothing. */
        REFUSED
    }

    /** @throws IllegalStateException for an event type added to the contract but not read here */
    static Report of(EventBody body) {
        if (body instanceof StepStarted started) {
            return new Report(Kind.PROGRESS, started.description(), null, List.of(), Map.of(), null);
        }
        if (body instanceof StepProgressed progressed) {
            return new Report(Kind.PROGRESS, progressed.message(), null, progressed.measurements(), Map.of(), null);
        }
        if (body instanceof StepSucceeded succeeded) {
            return new Report(
                    Kind.SUCCESS, succeeded.summary(), null, succeeded.measurements(), succeeded.outputs(), null);
        }
        if (body instanceof StepFailed failed) {
            // a worker that measured one of the runbook's triggers (the migrator's DATABASE_CORRUPTION) names it
            RollbackTrigger trigger = failed.trigger() == null ? RollbackTrigger.STEP_FAILED : failed.trigger();
            return new Report(Kind.FAILURE, failed.reason(), trigger, failed.measurements(), Map.of(), null);
        }
        if (body instanceof ThresholdBreached breached) {
            return new Report(
                    Kind.FAILURE,
                    breached.reason(),
                    breached.trigger(),
                    breached.measurements(),
                    Map.of(),
                    breached.evidence());
        }
        if (body instanceof CommandRefused refused) {
            return new Report(
                    Kind.REFUSED,
                    "refused: " + refused.reason(),
                    RollbackTrigger.STEP_FAILED,
                    List.of(),
                    Map.of(),
                    null);
        }
        if (body instanceof Announced announced) {
            String outcomes =
                    announced.deliveries().stream().map(Delivery::describe).collect(Collectors.joining("; "));
            return new Report(Kind.SUCCESS, announced.announcement() + " " + outcomes, null, List.of(), Map.of(), null);
        }
        throw new IllegalStateException(
                "the coordinator cannot read event type " + body.getClass().getName());
    }
}
