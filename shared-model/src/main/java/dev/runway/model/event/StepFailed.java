package dev.runway.model.event;

import java.util.List;

/** The command could not be carried out; {@code reason} says why in words a release lead reads. */
public record StepFailed(String reason, List<Measurement> measurements) implements EventBody {

    public StepFailed {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    @Override
    public boolean concludes() {
        return true;
    }
}
