package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.event.Announced;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Java 17 cannot switch over sealed types, so this pins {@link Report#of} to every event type the contract permits. */
class ReportTest {

    static final List<EventBody> ONE_OF_EACH = List.of(
            new StepStarted("setting image"),
            new StepProgressed("1 of 3", List.of()),
            new StepSucceeded("done", List.of(), Map.of()),
            new StepFailed("broken", List.of()),
            new ThresholdBreached(RollbackTrigger.ERROR_RATE_SUSTAINED, "6%", List.of()),
            new CommandRefused("expired"),
            new Announced(Announcement.DEPLOYMENT_STARTED, List.of(), null));

    @Test
    void everyEventTypeOfTheContractIsRead() {
        assertThat(ONE_OF_EACH)
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(EventBody.class.getPermittedSubclasses());
        assertThat(ONE_OF_EACH).extracting(b -> Report.of(b).kind()).doesNotContainNull();
    }

    @Test
    void aBreachFailsTheStepWithItsOwnTrigger() {
        Report report = Report.of(ONE_OF_EACH.get(4));

        assertThat(report.kind()).isEqualTo(Report.Kind.FAILURE);
        assertThat(report.trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
    }

    @Test
    void aRefusalIsItsOwnKindBecauseItChangedNothing() {
        Report report = Report.of(ONE_OF_EACH.get(5));

        assertThat(report.kind()).isEqualTo(Report.Kind.REFUSED);
        assertThat(report.text()).isEqualTo("refused: expired");
        assertThat(report.trigger()).isEqualTo(RollbackTrigger.STEP_FAILED);
    }

    @Test
    void aFailedStepIsStepFailedUnlessItsWorkerNamedTheTriggerItMeasured() {
        assertThat(Report.of(ONE_OF_EACH.get(3)).trigger()).isEqualTo(RollbackTrigger.STEP_FAILED);

        Report corrupt = Report.of(new StepFailed("orphan rows", List.of(), RollbackTrigger.DATABASE_CORRUPTION));

        assertThat(corrupt.kind()).isEqualTo(Report.Kind.FAILURE);
        assertThat(corrupt.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
        assertThat(corrupt.text()).isEqualTo("orphan rows");
    }
}
