package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.worker.HandledCommands.Previously;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HandledCommandsTest {

    private final ListHandledLog log = new ListHandledLog();
    private final HandledCommands handled = log.restarted(10);
    private final UUID command = UUID.randomUUID();

    @Test
    void aFirstDeliveryIsTakenOnAndARedeliveryFindsItTakenOn() {
        assertThat(handled.claim(command).previously()).isEqualTo(Previously.NEVER);

        assertThat(handled.claim(command).previously()).isEqualTo(Previously.TAKEN_ON);
    }

    @Test
    void aConcludedCommandAnswersWithItsConcludingEvent() {
        handled.claim(command);
        Event concluding = succeeded(command);
        handled.concluded(concluding);

        HandledCommands.Claim claim = handled.claim(command);

        assertThat(claim.previously()).isEqualTo(Previously.CONCLUDED);
        assertThat(claim.concluding()).isEqualTo(concluding);
    }

    @Test
    void afterARestartAConcludedCommandIsStillConcludedWithTheSameEvent() {
        handled.claim(command);
        handled.inProgress(taken(command));
        Event concluding = succeeded(command);
        handled.concluded(concluding);

        HandledCommands.Claim claim = log.restarted(10).claim(command);

        assertThat(claim.previously()).isEqualTo(Previously.CONCLUDED);
        assertThat(claim.concluding().eventId()).isEqualTo(concluding.eventId());
    }

    @Test
    void afterARestartACommandLeftInProgressIsInterruptedAndTakenOnAgain() {
        handled.claim(command);
        handled.inProgress(taken(command));

        HandledCommands restarted = log.restarted(10);

        assertThat(restarted.claim(command).previously()).isEqualTo(Previously.INTERRUPTED);
        assertThat(restarted.claim(command).previously()).isEqualTo(Previously.TAKEN_ON);
    }

    @Test
    void afterARestartACommandLeftInProgressIsOfferedForResumingUntilSomethingTakesItOn() {
        UUID other = UUID.randomUUID();
        handled.claim(command);
        handled.inProgress(taken(command));
        handled.claim(other);
        handled.inProgress(taken(other));
        handled.concluded(succeeded(other));

        HandledCommands restarted = log.restarted(10);

        assertThat(restarted.interrupted()).singleElement().isEqualTo(taken(command));
        restarted.claim(command);
        assertThat(restarted.interrupted()).isEmpty();
    }

    @Test
    void aCommandRecordedInProgressWithoutItsBodyIsInterruptedButCannotBeResumed() {
        log.append(new HandledCommand(command, HandledCommand.State.IN_PROGRESS, null, null, null));

        HandledCommands restarted = log.restarted(10);

        assertThat(restarted.interrupted()).isEmpty();
        assertThat(restarted.claim(command).previously()).isEqualTo(Previously.INTERRUPTED);
    }

    @Test
    void theFirstConclusionIsKept() {
        handled.claim(command);
        Event first = succeeded(command);
        handled.concluded(first);

        boolean recorded = handled.concluded(Event.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                command,
                Instant.EPOCH,
                "validator",
                new ThresholdBreached(RollbackTrigger.ERROR_RATE_SUSTAINED, "error rate above 5%", List.of())));

        assertThat(recorded).isFalse();
        assertThat(log.restarted(10).claim(command).concluding()).isEqualTo(first);
    }

    @Test
    void aConclusionNoLongerInMemoryIsReadBackFromTheLog() {
        HandledCommands one = log.restarted(1);
        Event first = succeeded(command);
        one.claim(command);
        one.concluded(first);
        UUID other = UUID.randomUUID();
        one.claim(other);
        one.concluded(succeeded(other));

        assertThat(one.claim(command).concluding()).isEqualTo(first);
        assertThat(log.reads).isEqualTo(1);
    }

    @Test
    void anAbandonedCommandIsNewAgainButAConcludedOneStaysConcluded() {
        handled.claim(command);
        handled.abandoned(command);
        assertThat(handled.claim(command).previously()).isEqualTo(Previously.NEVER);

        handled.concluded(succeeded(command));
        handled.abandoned(command);

        assertThat(handled.claim(command).previously()).isEqualTo(Previously.CONCLUDED);
    }

    @Test
    void nothingIsClaimedBeforeTheLogIsRead() {
        assertThatThrownBy(() -> new HandledCommands(log, 10).claim(command))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the handled-commands log has not been read yet");
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new HandledCommands(log, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Event succeeded(UUID command) {
        return Event.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                command,
                Instant.EPOCH,
                "migrator",
                new StepSucceeded("done", List.of(), Map.of()));
    }

    private static Command taken(UUID commandId) {
        return Command.of(
                commandId,
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                Instant.EPOCH,
                Phase.DATABASE_MIGRATION,
                new RollBackMigration("shop", "runway-shop"));
    }
}
