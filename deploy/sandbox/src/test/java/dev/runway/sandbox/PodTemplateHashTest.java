package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {

    @Test
    void doesNotDependOnTheOrderOfLabels() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(PodTemplateHash.of(template(ab, "shop:1"))).isEqualTo(PodTemplateHash.of(template(ba, "shop:1")));
    }

    @Test
    void changesWithTheImageAndIgnoresItsOwnLabel() {
        String hash = PodTemplateHash.of(template(Map.of("app", "shop"), "shop:1"));

        assertThat(PodTemplateHash.of(template(Map.of("app", "shop"), "shop:2")))
                .isNotEqualTo(hash);
        assertThat(PodTemplateHash.of(template(Map.of("app", "shop", PodTemplateHash.LABEL, hash), "shop:1")))
                .isEqualTo(hash);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{10}");
    }

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("shop")
                .withImage(image)
                .endContainer()
                .endSpec()
                .build();
    }
}
