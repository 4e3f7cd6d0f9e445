package dev.runway.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SIMULATION: the one node the sandbox schedules pods on, listed by the API server as Ready. A pod whose containers ask for more CPU or memory than the
 * node can allocate is never scheduled: it stays {@code Pending} with {@code PodScheduled=False}, reason
 * {@code Unschedulable}, as the scheduler leaves it when no node fits.
 */
final class SandboxNode {

    static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"));

    static final String NAME = "sandbox-node";

    private SandboxNode() {}

    /** The node as its kubelet reports it: Ready, with what it can allocate, so that pre-flight finds it Ready. */
    static Node node() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(NAME)
                .addToLabels("kubernetes.io/hostname", NAME)
                .endMetadata()
                .withNewStatus()
                .withAllocatable(ALLOCATABLE)
                .withCapacity(ALLOCATABLE)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .withMessage("kubelet is posting ready status")
                .endCondition()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("127.0.0.1")
                .endAddress()
                .endStatus()
                .build();
    }

    /** @return the scheduler's message when the pod fits no node, empty when it fits */
    static Optional<String> unschedulable(PodTemplateSpec template) {
        List<String> insufficient = new ArrayList<>();
        for (String resource : List.of("cpu", "memory")) {
            BigDecimal requested = template.getSpec() == null
                    ? BigDecimal.ZERO
                    : template.getSpec().getContainers().stream()
                            .map(c -> request(c, resource))
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (requested.compareTo(Quantity.getAmountInBytes(ALLOCATABLE.get(resource))) > 0) {
                insufficient.add("1 Insufficient " + resource);
            }
        }
        if (insufficient.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("0/1 nodes are available: " + String.join(", ", insufficient)
                + ". preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    /** A container's request, or its limit when it sets none: the API server defaults the one to the other. */
    private static BigDecimal request(Container container, String resource) {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
            return BigDecimal.ZERO;
        }
        Quantity quantity =
                resources.getRequests() == null ? null : resources.getRequests().get(resource);
        if (quantity == null && resources.getLimits() != null) {
            quantity = resources.getLimits().get(resource);
        }
        return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
    }
}
