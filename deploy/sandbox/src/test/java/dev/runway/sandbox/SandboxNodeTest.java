package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxNodeTest {

    @Test
    void aPodWithinTheNodesCpuAndMemoryIsScheduled() {
        assertThat(SandboxNode.unschedulable(template(Map.of("cpu", "500m", "memory", "512Mi"), Map.of())))
                .isEmpty();
        assertThat(SandboxNode.unschedulable(template(Map.of(), Map.of()))).isEmpty();
    }

    @Test
    void aPodAskingForMoreCpuThanTheNodeHasIsUnschedulableNamingCpu() {
        assertThat(SandboxNode.unschedulable(template(Map.of("cpu", "64"), Map.of())))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("0/1 nodes are available: 1 Insufficient cpu.")
                        .doesNotContain("memory"));
    }

    @Test
    void aLimitWithoutARequestCountsAsTheRequestAsTheApiServerDefaultsIt() {
        assertThat(SandboxNode.unschedulable(template(Map.of(), Map.of("memory", "64Gi"))))
                .hasValueSatisfying(message -> assertThat(message).contains("1 Insufficient memory"));
    }

    private static PodTemplateSpec template(Map<String, String> requests, Map<String, String> limits) {
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("shop")
                .withImage(ImageCatalogue.SHOP_1_4_0)
                .withNewResources()
                .withRequests(quantities(requests))
                .withLimits(quantities(limits))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> amounts) {
        return amounts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new Quantity(e.getValue())));
    }
}
