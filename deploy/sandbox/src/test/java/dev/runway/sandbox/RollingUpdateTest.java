package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.sandbox.RollingUpdate.ReplicaSetState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {

    @Test
    void aFirstRolloutScalesToEveryReplicaAtOnce() {
        assertThat(RollingUpdate.plan(3, new ReplicaSetState("new", 1, 0, 0), List.of(), false))
                .containsEntry("new", 3);
    }

    @Test
    void theFirstSurgeReplicaKeepsEveryOldOneUntilItIsAvailable() {
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 0, 0), List.of(new ReplicaSetState("old", 1, 3, 3)), true);

        assertThat(plan).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void aNewReplicaThatIsNotAvailableYetRemovesNoOldOneAndBlocksTheNextSurge() {
        // One step after it was created would be the earliest it is available; until then nothing moves.
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 1, 0), List.of(new ReplicaSetState("old", 1, 3, 3)), true);

        assertThat(plan).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void onceTheNewReplicaIsAvailableAnOldOneGoesAndTheNextSurgeReplicaComes() {
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 1, 1), List.of(new ReplicaSetState("old", 1, 3, 3)), true);

        assertThat(plan).containsEntry("new", 2).containsEntry("old", 2);
    }

    @Test
    void inBetweenTwoUpdatedReplicasOnlyOneOfWhichIsAvailableKeepTwoOldOnes() {
        // The state a rollout passes through: updated 2, of which 1 available, plus 2 old ones; 3 available in all.
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 2, 1), List.of(new ReplicaSetState("old", 1, 2, 2)), true);

        assertThat(plan).containsEntry("new", 2).containsEntry("old", 2);
        assertThat(available(plan, Map.of("new", 1, "old", 2))).isEqualTo(3);
    }

    @Test
    void movesOneReplicaPerStepWithoutEverLosingAvailability() {
        // Replays a rollout of 3 replicas, one plan per step: a replica created in a step is available from the next.
        int newReplicas = 0;
        int old = 3;
        int steps = 0;
        while (!(newReplicas == 3 && old == 0)) {
            int newAvailable = newReplicas;
            var plan = RollingUpdate.plan(
                    3,
                    new ReplicaSetState("new", 2, newReplicas, newAvailable),
                    old == 0 ? List.of() : List.of(new ReplicaSetState("old", 1, old, old)),
                    true);
            int oldAfter = plan.getOrDefault("old", 0);
            assertThat(newAvailable + oldAfter)
                    .as("available after step %d", steps)
                    .isGreaterThanOrEqualTo(3);
            assertThat(plan.get("new") + oldAfter)
                    .as("replicas after step %d", steps)
                    .isLessThanOrEqualTo(4);
            assertThat(plan.get("new") - newReplicas)
                    .as("created in step %d", steps)
                    .isBetween(0, 1);
            assertThat(old - oldAfter).as("removed in step %d", steps).isBetween(0, 1);
            newReplicas = plan.get("new");
            old = oldAfter;
            steps++;
            assertThat(steps).isLessThan(10);
        }
        // Surge, then three times: an old one goes as its replacement is available (and the next surge comes).
        assertThat(steps).isEqualTo(4);
    }

    @Test
    void movesNothingBeforeTheStepHasPassed() {
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 1, 0), List.of(new ReplicaSetState("old", 1, 3, 3)), false);

        assertThat(plan).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void anAvailableNewReplicaReplacesAnOldOneEvenBeforeTheNextSurgeIsDue() {
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 1, 1), List.of(new ReplicaSetState("old", 1, 3, 3)), false);

        assertThat(plan).containsEntry("new", 1).containsEntry("old", 2);
    }

    @Test
    void anImageThatNeverBecomesReadyGetsOneSurgeReplicaAndKeepsEveryOldOne() {
        var first = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 0, 0), List.of(new ReplicaSetState("old", 1, 3, 3)), true);
        var later = RollingUpdate.plan(
                3, new ReplicaSetState("new", 2, 1, 0), List.of(new ReplicaSetState("old", 1, 3, 3)), true);

        assertThat(first).containsEntry("new", 1).containsEntry("old", 3);
        assertThat(later).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void rollingBackFromACrashLoopDropsTheUnreadyReplicasAtOnce() {
        var plan = RollingUpdate.plan(
                3, new ReplicaSetState("old", 3, 3, 3), List.of(new ReplicaSetState("crashing", 2, 1, 0)), false);

        assertThat(plan).containsEntry("old", 3).containsEntry("crashing", 0);
    }

    @Test
    void aRollbackKeepsTheNewerReplicasUntilTheRestoredOnesAreAvailable() {
        var first = RollingUpdate.plan(
                3, new ReplicaSetState("restored", 3, 0, 0), List.of(new ReplicaSetState("newer", 2, 3, 3)), true);
        var next = RollingUpdate.plan(
                3, new ReplicaSetState("restored", 3, 1, 0), List.of(new ReplicaSetState("newer", 2, 3, 3)), true);

        assertThat(first).containsEntry("restored", 1).containsEntry("newer", 3);
        assertThat(next).containsEntry("restored", 1).containsEntry("newer", 3);
    }

    @Test
    void scalesOldestReplicaSetsDownFirst() {
        var plan = RollingUpdate.plan(
                3,
                new ReplicaSetState("new", 3, 2, 2),
                List.of(new ReplicaSetState("middle", 2, 1, 1), new ReplicaSetState("oldest", 1, 1, 1)),
                true);

        // One over: the excess leaves the oldest first, which makes room for the last surge replica.
        assertThat(plan).containsEntry("new", 3).containsEntry("oldest", 0).containsEntry("middle", 1);
    }

    @Test
    void anAvailableReplicaCannotExceedItsReplicaSetsReplicas() {
        assertThatThrownBy(() -> new ReplicaSetState("new", 1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int available(Map<String, Integer> plan, Map<String, Integer> availableNow) {
        return availableNow.entrySet().stream()
                .mapToInt(e -> Math.min(e.getValue(), plan.getOrDefault(e.getKey(), 0)))
                .sum();
    }
}
