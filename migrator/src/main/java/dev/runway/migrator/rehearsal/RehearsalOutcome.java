package dev.runway.migrator.rehearsal;

import dev.runway.model.event.Measurement;
import java.util.List;

/** What runbook Step 2.2 came to: production is migrated after {@link Rehearsed} and {@link NotRehearsed} only. */
public sealed interface RehearsalOutcome {

    /** The rehearsal's measurements, for the concluding event. */
    List<Measurement> measurements();

    /** What the concluding event says of the rehearsal, so that the Phase 2 row keeps it. */
    String summary();

    /**
     * The migrations applied on a scratch copy within the timeout; their rollback too, where one is possible.
     *
     * @param summary the rehearsal's progress line, with its durations
     */
    record Rehearsed(String summary, List<Measurement> measurements) implements RehearsalOutcome {
        public Rehearsed {
            measurements = List.copyOf(measurements);
        }
    }

    /** None ran, and the DBA's vote or the configuration allows that; the reason was reported. */
    record NotRehearsed(String reason) implements RehearsalOutcome {
        @Override
        public List<Measurement> measurements() {
            return List.of();
        }

        @Override
        public String summary() {
            return reason;
        }
    }

    /** The step fails with this reason and production is not touched. */
    record Refused(String reason) implements RehearsalOutcome {
        @Override
        public List<Measurement> measurements() {
            return List.of();
        }

        @Override
        public String summary() {
            return reason;
        }
    }
}
