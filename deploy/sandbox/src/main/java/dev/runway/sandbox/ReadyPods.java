package dev.runway.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The Ready pods of one ReplicaSet: where a Service would send requests. Mid-rollout a Deployment has two of these,
 * and each gets its share of the traffic.
 *
 * @param image the image the ReplicaSet's pods run
 * @param ready how many of them are Ready
 */
record ReadyPods(CatalogueEntry image, int ready) {

    /**
     * The image of the pod a request lands on when it goes to one Ready pod picked uniformly, as a Service with
     * kube-proxy's random balancing does.
     *
     * @param draw uniform in [0, 1)
     */
    static Optional<CatalogueEntry> pick(List<ReadyPods> pods, double draw) {
        int total = pods.stream().mapToInt(ReadyPods::ready).sum();
        if (total <= 0) {
            return Optional.empty();
        }
        int slot = Math.min(total - 1, (int) (draw * total));
        for (ReadyPods group : pods) {
            if (slot < group.ready()) {
                return Optional.of(group.image());
            }
            slot -= group.ready();
        }
        throw new IllegalStateException("unreachable: slot beyond the ready pods");
    }
}
