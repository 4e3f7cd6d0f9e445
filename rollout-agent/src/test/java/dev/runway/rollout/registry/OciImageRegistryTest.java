package dev.runway.rollout.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OciImageRegistryTest {

    @Test
    void dropsTheRegistryHostFromTheRepository() {
        assertThat(OciImageRegistry.repositoryName("registry.sandbox.local/shop"))
                .isEqualTo("shop");
        assertThat(OciImageRegistry.repositoryName("localhost:5000/team/shop")).isEqualTo("team/shop");
        assertThat(OciImageRegistry.repositoryName("localhost/shop")).isEqualTo("shop");
    }

    @Test
    void keepsRepositoriesWithoutAHost() {
        assertThat(OciImageRegistry.repositoryName("team/shop")).isEqualTo("team/shop");
        assertThat(OciImageRegistry.repositoryName("shop")).isEqualTo("shop");
    }
}
