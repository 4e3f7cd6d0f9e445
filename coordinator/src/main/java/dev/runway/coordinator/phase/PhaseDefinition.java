package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One phase as the runbook declares it. Built with {@link #of} and the methods below, which read like the runbook:
 * {@code of(DATABASE_MIGRATION, ...).skippedUnless(c -> c.spec().hasMigrations(), "...").undoneBy(ROLL_BACK_DATABASE)}.
 *
 * @param skipReason          why a release skips the phase; empty when it runs
 * @param changesProduction   whether production may differ once the phase has run, even if it failed
 * @param statesRollbackPoint the phase reports the revision it replaces before changing anything; until it has, a
 *                            failure of the phase changed nothing
 * @param undoneBy            the rollback step that undoes the phase, if anything can
 * @param onSuccess           what the phase's success adds to the facts, beyond its worker's outputs
 * @param startsGuards        the release's continuous guard starts watching when the phase is entered
 * @param observesGuards      the phase passes only after the guard has watched it for a period; empty when not
 */
public record PhaseDefinition(
        Phase phase,
        Function<Runbook.Context, Optional<String>> skipReason,
        Function<Runbook.Context, Action> action,
        boolean changesProduction,
        boolean statesRollbackPoint,
        Optional<RollbackStep> undoneBy,
        UnaryOperator<Facts> onSuccess,
        boolean startsGuards,
        Function<Runbook.Context, Optional<GuardObservation>> observesGuards) {

    public static PhaseDefinition of(Phase phase, Function<Runbook.Context, Action> action) {
        return new PhaseDefinition(
                phase,
                c -> Optional.empty(),
                action,
                false,
                false,
                Optional.empty(),
                UnaryOperator.identity(),
                false,
                c -> Optional.empty());
    }

    public PhaseDefinition skippedUnless(Predicate<Runbook.Context> applies, String reason) {
        return new PhaseDefinition(
                phase,
                c -> applies.test(c) ? Optional.empty() : Optional.of(reason),
                action,
                changesProduction,
                statesRollbackPoint,
                undoneBy,
                onSuccess,
                startsGuards,
                observesGuards);
    }

    public PhaseDefinition undoneBy(RollbackStep step) {
        return new PhaseDefinition(
                phase,
                skipReason,
                action,
                true,
                statesRollbackPoint,
                Optional.of(step),
                onSuccess,
                startsGuards,
                observesGuards);
    }

    public PhaseDefinition statesRollbackPointBeforeChanging() {
        return new PhaseDefinition(
                phase, skipReason, action, changesProduction, true, undoneBy, onSuccess, startsGuards, observesGuards);
    }

    public PhaseDefinition onSuccess(UnaryOperator<Facts> learn) {
        return new PhaseDefinition(
                phase,
                skipReason,
                action,
                changesProduction,
                statesRollbackPoint,
                undoneBy,
                learn,
                startsGuards,
                observesGuards);
    }

    /** From this phase on, production may change: the guards watch its error rate and latency. */
    public PhaseDefinition guardedFromHere() {
        return new PhaseDefinition(
                phase,
                skipReason,
                action,
                changesProduction,
                statesRollbackPoint,
                undoneBy,
                onSuccess,
                true,
                observesGuards);
    }

    /** The phase's command succeeding is not enough: the guard must have watched, with data from every rule. */
    public PhaseDefinition observingGuards(Function<Runbook.Context, GuardObservation> observation) {
        return new PhaseDefinition(
                phase,
                skipReason,
                action,
                changesProduction,
                statesRollbackPoint,
                undoneBy,
                onSuccess,
                startsGuards,
                c -> Optional.of(observation.apply(c)));
    }
}
