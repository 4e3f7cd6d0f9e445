package dev.runway.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.guard.Evidence;
import java.util.List;

/**
 * A validator measured something past a runbook threshold. The validator only reports; the
 * coordinator decides to roll back.
 *
 * @param evidence the guard rule that fired and what it saw; null for a breach found by one-off checks
 */
public record ThresholdBreached(
        RollbackTrigger trigger,
        String reason,
        List<Measurement> measurements,
        @JsonInclude(JsonInclude.Include.NON_NULL) Evidence evidence)
        implements EventBody {

    public ThresholdBreached {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    public ThresholdBreached(RollbackTrigger trigger, String reason, List<Measurement> measurements) {
        this(trigger, reason, measurements, null);
    }

    @Override
    public boolean concludes() {
        return true;
    }
}
