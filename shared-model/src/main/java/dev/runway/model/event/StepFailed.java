package dev.runway.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.RollbackTrigger;
import java.util.List;

/**
 * The command could not be carried out; {@code reason} says why in words a release lead reads.
 *
 * @param trigger the runbook's rollback trigger the worker measured, e.g. {@link RollbackTrigger#DATABASE_CORRUPTION}
 *     when the migrator's verification found orphan rows; null for a step that merely failed ({@link
 *     RollbackTrigger#STEP_FAILED}). An optional field added within version 1: a coordinator that predates it reads
 *     STEP_FAILED, which rolls back too
 */
public record StepFailed(
        String reason,
        List<Measurement> measurements,
        @JsonInclude(JsonInclude.Include.NON_NULL) RollbackTrigger trigger)
        implements EventBody {

    public StepFailed {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    /** A step that failed without a trigger of its own. */
    public StepFailed(String reason, List<Measurement> measurements) {
        this(reason, measurements, null);
    }

    @Override
    public boolean concludes() {
        return true;
    }
}
