package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.release.TargetResolver.Resolution;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.model.spec.ReleaseSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetResolverTest {

    static final String DIGEST = "sha256:" + "b".repeat(64);
    static final ReleaseTargets SHOP = new ReleaseTargets(
            new KubernetesTarget("production", "shop", "shop"),
            "http://shop.internal",
            "shop",
            "shop-config",
            List.of(),
            "registry.example.com/shop",
            new NotificationTargets("deployments", "shop-oncall"));

    static ReleaseSpec spec(String repository) throws Exception {
        ReleaseSpec example = ReleaseSpecParser.parse(ReleaseSpecValidatorTest.example());
        return new ReleaseSpec(
                example.application(),
                example.environment(),
                example.version(),
                new ImageSpec(repository, DIGEST),
                example.migrations(),
                example.configuration(),
                example.smokeChecks(),
                example.thresholds(),
                example.guards());
    }

    @Test
    void anApplicationAndEnvironmentWithoutTargetsIsNamed() throws Exception {
        assertThat(TargetResolver.resolve(spec(null), Optional.empty()))
                .isEqualTo(new Resolution.NotConfigured("shop", "production"));
    }

    @Test
    void aSpecWithoutRepositoryGoesToTheConfiguredOne() throws Exception {
        assertThat(TargetResolver.resolve(spec(null), Optional.of(SHOP))).isEqualTo(new Resolution.Resolved(SHOP));
        assertThat(TargetResolver.resolve(spec("registry.example.com/shop"), Optional.of(SHOP)))
                .isEqualTo(new Resolution.Resolved(SHOP));
    }

    @Test
    void anImageFromAnotherRegistryIsRefusedNamingBothHosts() throws Exception {
        Resolution refused = TargetResolver.resolve(spec("evil.example.com:5000/shop"), Optional.of(SHOP));

        assertThat(refused)
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.violations()).singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("image.repository");
                            assertThat(v.message())
                                    .isEqualTo(
                                            "registry 'evil.example.com:5000' is not the registry allowed for shop in"
                                                    + " production (registry.example.com)");
                        }));
    }

    @Test
    void anotherRepositoryOnTheAllowedRegistryIsRefusedToo() throws Exception {
        Resolution refused = TargetResolver.resolve(spec("registry.example.com/billing"), Optional.of(SHOP));

        assertThat(refused)
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.violations())
                                .singleElement()
                                .satisfies(v -> assertThat(v.message()).contains("registry.example.com/shop")));
    }

    @Test
    void migrationsAndConfigurationAreRefusedWhereNoDatabaseOrConfigMapIsConfigured() throws Exception {
        ReleaseTargets bare = new ReleaseTargets(
                SHOP.kubernetes(),
                SHOP.serviceUrl(),
                null,
                null,
                List.of(),
                SHOP.imageRepository(),
                SHOP.notifications());

        assertThat(TargetResolver.resolve(spec(null), Optional.of(bare)))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.violations())
                                .extracting(Violation::field)
                                .containsExactly("migrations", "configuration"));
    }
}
