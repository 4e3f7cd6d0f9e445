package dev.runway.coordinator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.ProductionRunbook;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.ReleaseStateMachine;
import dev.runway.coordinator.phase.Revision;
import dev.runway.coordinator.phase.RollbackStep;
import dev.runway.coordinator.phase.Stage;
import dev.runway.coordinator.phase.Transition;
import dev.runway.coordinator.phase.Worker;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepSucceeded;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** States stored by the coordinator before stages, facts and workers were typed (state/v1-*.json) still load. */
class StateCodecTest {

    @Test
    void aStoredRollbackReadsAsTypedStagesFactsAndWorker() throws IOException {
        ReleaseState state = StateCodec.read(stored("v1-rolling-back.json"));

        assertThat(state.pending().stage()).isEqualTo(RollbackStep.ROLL_BACK_APPLICATION);
        assertThat(state.pending().worker()).isEqualTo(Worker.ROLLOUT_AGENT);
        assertThat(state.timeline().get(0).stage()).isEqualTo(Stage.of(Phase.PRE_FLIGHT_CHECKS));
        assertThat(state.facts().previousRevision()).contains(new Revision(4));
        assertThat(state.facts().previousVersion()).contains("1.3.2");
        assertThat(state.rollback().remaining())
                .containsExactly(
                        RollbackStep.RESTORE_CONFIGURATION,
                        RollbackStep.ROLL_BACK_DATABASE,
                        RollbackStep.VERIFY_ROLLBACK);
    }

    @Test
    void aStoredRollbackCarriesOnWhereItStopped() throws IOException {
        ReleaseState state = StateCodec.read(stored("v1-rolling-back.json"));
        Instant now = state.startedAt().plusSeconds(240);

        Transition next = new ReleaseStateMachine(new ProductionRunbook())
                .on(
                        state,
                        new Input.WorkerReported(Event.of(
                                UUID.randomUUID(),
                                state.releaseId(),
                                state.pending().commandId(),
                                now,
                                "rollout-agent",
                                new StepSucceeded("rolled back to revision 4", List.of(), Map.of()))),
                        now);

        assertThat(next.accepted()).isTrue();
        assertThat(next.commands())
                .singleElement()
                .satisfies(c -> assertThat(c.body()).isInstanceOf(RestoreConfiguration.class));
    }

    /**
     * The JSON keeps its shape; facts that no step reads (check counts) are no longer kept, the spec's requester of
     * that time becomes the release's (its votes were counted then), and the targets a spec carried before they were
     * configured on the server move beside it, so the release goes on to the same ones.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-running.json", "v1-rolling-back.json"})
    void aStoredStateIsWrittenBackInTheSameShapeWithItsTargetsBesideTheSpec(String file) throws IOException {
        String stored = stored(file);
        ObjectNode expected = (ObjectNode) RunwayJson.wire().readTree(stored);
        ((ObjectNode) expected.get("facts")).remove(List.of(StepSucceeded.Outputs.PASSED, StepSucceeded.Outputs.TOTAL));
        expected.set("requestedBy", expected.get("spec").get("requestedBy"));
        expected.remove("spec");

        ObjectNode written = (ObjectNode) RunwayJson.wire().readTree(StateCodec.write(StateCodec.read(stored)));

        assertThat(written.get("targets")).isEqualTo(RunwayJson.wire().readTree("""
                {"kubernetes":{"namespace":"production","deployment":"shop","container":"shop"},
                 "serviceUrl":"http://127.0.0.1:18080/apps/production/shop","database":"shop","configMap":"shop-config",
                 "caches":[{"type":"REDIS","name":"sessions"}],"imageRepository":"registry.sandbox.local/shop",
                 "notifications":{"chatChannel":"default","pagerDutyService":"default"}}"""));
        assertThat(written.get("spec").get("migrations")).hasSize(1);
        assertThat(written.get("spec").get("configuration").has("configMap")).isFalse();
        written.remove(List.of("spec", "targets"));
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void unknownFactsAreAbsentNotZero() throws IOException {
        ObjectNode stored = (ObjectNode) RunwayJson.wire().readTree(stored("v1-running.json"));
        ((ObjectNode) stored.get("facts")).put(StepSucceeded.Outputs.PREVIOUS_REVISION, "0");

        ReleaseState state = StateCodec.read(stored.toString());

        assertThat(state.facts().previousRevision()).isEqualTo(Optional.empty());
    }

    private static String stored(String file) throws IOException {
        try (InputStream in = StateCodecTest.class.getResourceAsStream("/state/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
