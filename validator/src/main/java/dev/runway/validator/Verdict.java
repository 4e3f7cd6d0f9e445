package dev.runway.validator;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.event.Measurement;
import java.util.List;

/** What the measurements of one {@code RunChecks} come to. */
public sealed interface Verdict {

    List<Measurement> measurements();

    /** @param reportedVersion null when no check read a version */
    record Passed(String summary, String reportedVersion, int passed, int total, List<Measurement> measurements)
            implements Verdict {
        public Passed {
            measurements = List.copyOf(measurements);
        }
    }

    record Breached(RollbackTrigger trigger, String reason, List<Measurement> measurements) implements Verdict {
        public Breached {
            measurements = List.copyOf(measurements);
        }
    }
}
