package dev.runway.migrator.verification;

import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import java.util.List;

/**
 * What one item of the verification measured, e.g. {@code referential integrity: 6 foreign keys, 0 orphan rows}.
 *
 * @param item the item's name as the runbook says it, e.g. {@code referential integrity}
 * @param fact the measured fact, in full, naming the item; never a row's value
 */
public record Finding(String item, Verdict verdict, String fact, List<Measurement> measurements) {

    public Finding {
        measurements = List.copyOf(measurements);
    }

    /**
     * {@link #PASSED} and {@link #FAILED} are measured facts; {@link #ERROR} means the item could not be measured,
     * which is never a pass.
     */
    public enum Verdict {
        PASSED,
        /** The database is not as the release needs it: the runbook's DATABASE_CORRUPTION. */
        FAILED,
        ERROR
    }

    /** The step's progress line for this item. */
    public StepProgressed progress() {
        return new StepProgressed(fact, measurements);
    }
}
