package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepSucceeded;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventSenderTest {

    private static final String BODY_TEXT = "row (email)=(dana@example.com)";

    private static Event from(String source, ReleaseState state, UUID command) {
        return Event.of(
                UUID.randomUUID(),
                state.releaseId(),
                command,
                ReleaseStateMachineTest.T0,
                source,
                new StepSucceeded(BODY_TEXT, List.of(), Map.of()));
    }

    private static ReleaseStateMachineTest.Run migrating() {
        return new ReleaseStateMachineTest.Run(ReleaseStateMachineTest.spec(true, false, false))
                .advanceTo(Phase.DATABASE_MIGRATION);
    }

    @Test
    void theWorkerThatCarriesOutTheAwaitedCommandIsTrusted() {
        ReleaseState state = migrating().state;

        assertThat(EventSender.refusal(
                        state, from("migrator", state, state.pending().commandId())))
                .isEmpty();
    }

    @Test
    void anotherWorkerAnsweringTheAwaitedCommandIsRefusedNamingBothWorkersButNotTheBody() {
        ReleaseState state = migrating().state;
        Event event = from("rollout-agent", state, state.pending().commandId());

        EventSender.Refusal refusal = EventSender.refusal(state, event).orElseThrow();

        assertThat(refusal.reason()).isEqualTo(EventSender.Reason.WRONG_WORKER);
        assertThat(refusal.reason().tag()).isEqualTo("wrong-worker");
        assertThat(refusal.explanation())
                .contains(event.eventId().toString(), "the migrator carries out", "from the rollout-agent")
                .doesNotContain(BODY_TEXT);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "test", "Migrator", "coordinator", "migrator\nforged log line"})
    void aSourceThatIsNoWorkerIsRefusedWithoutRepeatingIt(String source) {
        ReleaseState state = migrating().state;

        EventSender.Refusal refusal = EventSender.refusal(
                        state, from(source, state, state.pending().commandId()))
                .orElseThrow();

        assertThat(refusal.reason()).isEqualTo(EventSender.Reason.UNKNOWN_SOURCE);
        assertThat(refusal.reason().tag()).isEqualTo("unknown-source");
        assertThat(refusal.explanation()).doesNotContain("forged", BODY_TEXT);
    }

    @Test
    void onlyTheValidatorMayReportOnTheGuard() {
        ReleaseState state = migrating().advanceTo(Phase.CONFIGURATION_UPDATE).state;
        UUID watch = state.guard().commandId();

        assertThat(EventSender.refusal(state, from("validator", state, watch))).isEmpty();
        assertThat(EventSender.refusal(state, from("notifier", state, watch)))
                .map(EventSender.Refusal::reason)
                .contains(EventSender.Reason.WRONG_WORKER);
    }

    @Test
    void aWorkerAnsweringACommandTheReleaseNoLongerAwaitsIsLeftToTheStateMachine() {
        ReleaseStateMachineTest.Run run = migrating();
        UUID migration = run.state.pending().commandId();
        run.succeed();

        assertThat(EventSender.refusal(run.state, from("validator", run.state, migration)))
                .isEmpty();
    }

    @Test
    void anEventForAnUnknownReleaseIsRefusedOnlyWhenItsSourceIsNoWorker() {
        ReleaseState state = migrating().state;

        assertThat(EventSender.refusal(null, from("notifier", state, UUID.randomUUID())))
                .isEmpty();
        assertThat(EventSender.refusal(null, from("bench", state, UUID.randomUUID())))
                .map(EventSender.Refusal::reason)
                .contains(EventSender.Reason.UNKNOWN_SOURCE);
    }
}
