package dev.runway.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsConfigTest {

    static TargetsConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TargetsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(TargetsConfig.class);
    }

    @Test
    void aCoordinatorWithoutTargetsStartsAndKnowsNoApplication() {
        assertThat(read(Map.of()).of("shop", "production")).isEmpty();
    }

    @Test
    void anApplicationsTargetsAreReadPerEnvironment() {
        String at = "runway.targets.\"shop\".\"production\".";
        TargetsConfig targets = read(Map.ofEntries(
                Map.entry(at + "namespace", "prod-shop"),
                Map.entry(at + "deployment", "shop-web"),
                Map.entry(at + "container", "web"),
                Map.entry(at + "service-url", "https://shop.internal/"),
                Map.entry(at + "database", "shop"),
                Map.entry(at + "caches.\"sessions\".type", "REDIS"),
                Map.entry(at + "caches.\"catalogue\".type", "REDIS"),
                Map.entry(at + "registry", "registry.example.com:5000"),
                Map.entry(at + "repository", "team/shop")));

        assertThat(targets.of("shop", "production"))
                .contains(new ReleaseTargets(
                        new KubernetesTarget("prod-shop", "shop-web", "web"),
                        "https://shop.internal",
                        "shop",
                        null,
                        List.of(
                                new CacheTarget(CacheType.REDIS, "catalogue"),
                                new CacheTarget(CacheType.REDIS, "sessions")),
                        "registry.example.com:5000/team/shop",
                        new NotificationTargets("default", "default")));
        assertThat(targets.of("shop", "staging")).isEmpty();
        assertThat(targets.of("billing", "production")).isEmpty();
    }
}
