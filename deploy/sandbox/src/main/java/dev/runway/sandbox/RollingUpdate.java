package dev.runway.sandbox;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica arithmetic of a rolling update with maxSurge=1 and maxUnavailable=0, as a pure function: given the
 * ReplicaSets of one Deployment and how many of each one's replicas are available now, how many replicas each should
 * have after this step.
 *
 * <p>Only replicas that are available now count toward availability: a replica created in this step is not, so an
 * old replica goes only once its replacement has become available (a later step).
 */
final class RollingUpdate {

    /**
     * One ReplicaSet as the plan sees it.
     *
     * @param replicas  its desired replicas now
     * @param available how many of them are available now (at most {@code replicas})
     */
    record ReplicaSetState(String name, int revision, int replicas, int available) {
        ReplicaSetState {
            if (replicas < 0 || available < 0 || available > replicas) {
                throw new IllegalArgumentException("replicas " + replicas + ", available " + available);
            }
        }
    }

    private RollingUpdate() {}

    /**
     * @param mayMove whether a step's time has passed since the last replica moved, so one more surge replica may be
     *                created; a first rollout (no old replicas) scales at once, like a fresh Deployment
     * @return target replicas by ReplicaSet name, for the current one and every old one
     */
    static Map<String, Integer> plan(
            int desired, ReplicaSetState current, List<ReplicaSetState> olds, boolean mayMove) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        int oldTotal = olds.stream().mapToInt(ReplicaSetState::replicas).sum();

        // Old replicas that are not available serve nothing, so removing them costs no availability.
        olds.forEach(old -> targets.put(old.name(), old.available()));
        // The current ReplicaSet's available replicas replace available old ones, oldest ReplicaSet first.
        int excess = Math.min(current.available(), desired)
                + olds.stream().mapToInt(ReplicaSetState::available).sum()
                - desired;
        List<ReplicaSetState> oldestFirst = olds.stream()
                .sorted(Comparator.comparingInt(ReplicaSetState::revision))
                .toList();
        for (ReplicaSetState old : oldestFirst) {
            int cut = Math.max(0, Math.min(excess, old.available()));
            targets.put(old.name(), old.available() - cut);
            excess -= cut;
        }
        int oldRemaining =
                olds.stream().mapToInt(old -> targets.get(old.name())).sum();

        int next = current.replicas();
        if (oldTotal == 0) {
            next = desired;
        } else if (mayMove && next < desired) {
            // maxSurge=1: at most one replica above desired, counting the old replicas that remain after this step.
            int surgeRoom = desired + 1 - next - oldRemaining;
            next += Math.max(0, Math.min(1, surgeRoom));
        }
        next = Math.min(next, desired);

        Map<String, Integer> ordered = new LinkedHashMap<>();
        ordered.put(current.name(), next);
        ordered.putAll(targets);
        return ordered;
    }
}
