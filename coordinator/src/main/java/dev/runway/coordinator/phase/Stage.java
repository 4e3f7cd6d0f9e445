package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.runway.model.Phase;

/**
 * A row of the timeline: a phase of the runbook, a step of its rollback, or what the guard saw and who decided. Stored
 * and shown as its name; the names never collide.
 */
public sealed interface Stage permits Stage.OfPhase, RollbackStep, GuardStep, PersonStep {

    @JsonValue
    String name();

    /** The "Phase" column of the runbook's Appendix B timeline. */
    String label();

    /** The "Task" column of the runbook's Appendix B timeline. */
    String task();

    static Stage of(Phase phase) {
        return new OfPhase(phase);
    }

    @JsonCreator
    static Stage named(String name) {
        for (RollbackStep step : RollbackStep.values()) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        for (GuardStep step : GuardStep.values()) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        for (PersonStep step : PersonStep.values()) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        return of(Phase.valueOf(name));
    }

    record OfPhase(Phase phase) implements Stage {

        @Override
        public String name() {
            return phase.name();
        }

        @Override
        public String label() {
            return phase.runbookLabel();
        }

        @Override
        public String task() {
            return phase.task();
        }
    }
}
