package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutStatusTest {

    private static RolloutObservation observed(
            long generation, long observed, int spec, int replicas, int updated, int available, boolean deadline) {
        return new RolloutObservation("shop", generation, observed, spec, replicas, updated, available, deadline);
    }

    @Test
    void waitsUntilTheControllerHasSeenTheNewSpec() {
        RolloutStatus status = RolloutStatus.of(observed(3, 2, 3, 3, 3, 3, false));

        assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.WAITING);
        assertThat(status.message()).isEqualTo("Waiting for deployment spec update to be observed...");
    }

    @Test
    void failsWhenTheProgressDeadlineIsExceeded() {
        RolloutStatus status = RolloutStatus.of(observed(2, 2, 3, 4, 1, 3, true));

        assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.FAILED);
        assertThat(status.message()).isEqualTo("deployment \"shop\" exceeded its progress deadline");
    }

    @Test
    void countsNewReplicasBeingUpdated() {
        assertThat(RolloutStatus.of(observed(2, 2, 3, 4, 1, 3, false)).message())
                .isEqualTo(
                        "Waiting for deployment \"shop\" rollout to finish: 1 out of 3 new replicas have been updated...");
    }

    @Test
    void countsOldReplicasPendingTermination() {
        assertThat(RolloutStatus.of(observed(2, 2, 3, 4, 3, 3, false)).message())
                .isEqualTo(
                        "Waiting for deployment \"shop\" rollout to finish: 1 old replicas are pending termination...");
    }

    @Test
    void countsUpdatedReplicasThatAreNotYetAvailable() {
        RolloutStatus status = RolloutStatus.of(observed(2, 2, 3, 3, 3, 2, false));

        assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.WAITING);
        assertThat(status.message())
                .isEqualTo(
                        "Waiting for deployment \"shop\" rollout to finish: 2 of 3 updated replicas are available...");
    }

    @Test
    void completesWhenEveryUpdatedReplicaIsAvailable() {
        RolloutStatus status = RolloutStatus.of(observed(2, 2, 3, 3, 3, 3, false));

        assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.COMPLETE);
        assertThat(status.message()).isEqualTo("deployment \"shop\" successfully rolled out");
    }
}
