package dev.runway.sandbox;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica arithmetic of a rolling update with maxSurge=1 and maxUnavailable=0, as a pure function: given the
 * ReplicaSets of one Deployment, how many replicas each should have after this step.
 */
final class RollingUpdate {

    /** One ReplicaSet as the plan sees it. */
    record ReplicaSetState(String name, int revision, int replicas, boolean becomesReady) {
        int available() {
            return becomesReady ? replicas : 0;
        }
    }

    private RollingUpdate() {
    }

    /**
     * @param mayMove whether a step's time has passed since the last replica moved; a first rollout (no old replicas)
     *                scales at once, like a fresh Deployment
     * @return target replicas by ReplicaSet name, for the current one and every old one
     */
    static Map<String, Integer> plan(int desired, ReplicaSetState current, List<ReplicaSetState> olds, boolean mayMove) {
        int oldTotal = olds.stream().mapToInt(ReplicaSetState::replicas).sum();
        int next = current.replicas();
        if (oldTotal == 0) {
            next = desired;
        } else if (mayMove && next < desired) {
            int surgeRoom = desired + 1 - next - oldTotal;
            next += Math.max(0, Math.min(1, surgeRoom));
        }
        next = Math.min(next, desired);

        Map<String, Integer> targets = new LinkedHashMap<>();
        targets.put(current.name(), next);
        int available = current.becomesReady() ? next : 0;
        // Old replicas that never became ready serve nothing, so removing them costs no availability.
        olds.stream().filter(old -> !old.becomesReady()).forEach(old -> targets.put(old.name(), 0));
        int excess = available + olds.stream().mapToInt(ReplicaSetState::available).sum() - desired;
        List<ReplicaSetState> readyOldestFirst = olds.stream()
                .filter(ReplicaSetState::becomesReady)
                .sorted(Comparator.comparingInt(ReplicaSetState::revision))
                .toList();
        for (ReplicaSetState old : readyOldestFirst) {
            int cut = Math.max(0, Math.min(excess, old.replicas()));
            targets.put(old.name(), old.replicas() - cut);
            excess -= cut;
        }
        return targets;
    }
}
