package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.sandbox.RollingUpdate.ReplicaSetState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {

    @Test
    void aFirstRolloutScalesToEveryReplicaAtOnce() {
        assertThat(RollingUpdate.plan(3, new ReplicaSetState("new", 1, 0, true), List.of(), false))
                .containsEntry("new", 3);
    }

    @Test
    void movesOneReplicaPerStepWithoutEverLosingAvailability() {
        var plan = RollingUpdate.plan(3, new ReplicaSetState("new", 2, 1, true),
                List.of(new ReplicaSetState("old", 1, 2, true)), true);

        assertThat(plan).containsEntry("new", 2).containsEntry("old", 1);
    }

    @Test
    void movesNothingBeforeTheStepHasPassed() {
        var plan = RollingUpdate.plan(3, new ReplicaSetState("new", 2, 1, true),
                List.of(new ReplicaSetState("old", 1, 2, true)), false);

        assertThat(plan).containsEntry("new", 1).containsEntry("old", 2);
    }

    @Test
    void anImageThatNeverBecomesReadyGetsOneSurgeReplicaAndKeepsEveryOldOne() {
        var first = RollingUpdate.plan(3, new ReplicaSetState("new", 2, 0, false),
                List.of(new ReplicaSetState("old", 1, 3, true)), true);
        var later = RollingUpdate.plan(3, new ReplicaSetState("new", 2, 1, false),
                List.of(new ReplicaSetState("old", 1, 3, true)), true);

        assertThat(first).containsEntry("new", 1).containsEntry("old", 3);
        assertThat(later).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void rollingBackFromACrashLoopDropsTheUnreadyReplicasAtOnce() {
        var plan = RollingUpdate.plan(3, new ReplicaSetState("old", 3, 3, true),
                List.of(new ReplicaSetState("crashing", 2, 1, false)), false);

        assertThat(plan).containsEntry("old", 3).containsEntry("crashing", 0);
    }

    @Test
    void scalesOldestReplicaSetsDownFirst() {
        var plan = RollingUpdate.plan(3, new ReplicaSetState("new", 3, 2, true),
                List.of(new ReplicaSetState("middle", 2, 1, true), new ReplicaSetState("oldest", 1, 1, true)), true);

        // Already one over (surge used up), so no new replica this step; the excess leaves the oldest first.
        assertThat(plan).containsEntry("new", 2).containsEntry("oldest", 0).containsEntry("middle", 1);
    }
}
