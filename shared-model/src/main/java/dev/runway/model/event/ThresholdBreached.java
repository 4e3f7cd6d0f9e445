package dev.runway.model.event;

import dev.runway.model.RollbackTrigger;
import java.util.List;

/**
 * A validator measured something past a runbook threshold. The validator only reports; the
 * coordinator decides to roll back.
 */
public record ThresholdBreached(RollbackTrigger trigger, String reason, List<Measurement> measurements)
        implements EventBody {

    public ThresholdBreached {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    @Override
    public boolean concludes() {
        return true;
    }
}
