package dev.runway.model.event;

import java.util.List;

/** Partway through, e.g. {@code 2 of 3 updated replicas are available}. */
public record StepProgressed(String message, List<Measurement> measurements) implements EventBody {

    public StepProgressed {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }
}
