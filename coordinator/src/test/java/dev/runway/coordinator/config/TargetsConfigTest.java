package dev.runway.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsConfigTest {

    static TargetsConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TargetsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
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
                        new NotificationTargets("default", "default"),
                        null,
                        new ReleaseTargets.Dependencies(new ReleaseTargets.DatabaseLimits(80, 5, null, 20, 5), null),
                        new ReleaseTargets.Routing("shop-web", null),
                        null));
        assertThat(targets.of("shop", "staging")).isEmpty();
        assertThat(targets.of("billing", "production")).isEmpty();
    }

    @Test
    void aCloudFrontCacheIsATargetBesideARedisOne() {
        TargetsConfig targets = read(shopWith(Map.of(
                "caches.\"sessions\".type", "REDIS",
                "caches.\"shop-cdn\".type", "CLOUDFRONT")));

        assertThat(targets.of("shop", "production").orElseThrow().caches())
                .as("in the order of their names")
                .containsExactly(
                        new CacheTarget(CacheType.REDIS, "sessions"),
                        new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn"));
    }

    @Test
    void theDatabaseChecksTakeTheRunbooksThresholdsUnlessConfiguredAndIncidentsNeedAServiceId() {
        ReleaseTargets.Dependencies configured = read(shopWith(Map.of(
                        "database", "shop",
                        "database-health.max-connections-percent", "70",
                        "database-health.slow-query-seconds", "10",
                        "database-health.max-size", "50G",
                        "database-health.connections-tolerance-percent", "30",
                        "database-health.connections-tolerance-minimum", "2",
                        "pagerduty-service-id", "PIJ90N7")))
                .of("shop", "production")
                .orElseThrow()
                .dependencies();

        assertThat(configured)
                .isEqualTo(new ReleaseTargets.Dependencies(
                        new ReleaseTargets.DatabaseLimits(70, 10, 50L << 30, 30, 2), "PIJ90N7"));
        assertThat(read(shopWith(Map.of()))
                        .of("shop", "production")
                        .orElseThrow()
                        .dependencies())
                .isEqualTo(new ReleaseTargets.Dependencies(null, null));
    }

    @Test
    void theDatabaseChecksSettingsAreStoredWithTheReleaseAndReadBack() throws Exception {
        ReleaseTargets targets = read(shopWith(Map.of("database", "shop", "database-health.max-size", "1G")))
                .of("shop", "production")
                .orElseThrow();

        String json = RunwayJson.wire().writeValueAsString(targets);

        assertThat(RunwayJson.wire().readValue(json, ReleaseTargets.class)).isEqualTo(targets);
        assertThat(json).contains("\"maxSizeBytes\":1073741824").doesNotContain("pagerDutyServiceId");
    }

    @Test
    void theServiceInFrontOfTheDeploymentAndItsTargetGroupAreReadWhereSet() {
        String arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-production/50dc6c495c0c9188";

        ReleaseTargets targets = read(shopWith(Map.of("service-name", "shop-public", "target-group-arn", arn)))
                .of("shop", "production")
                .orElseThrow();

        assertThat(targets.routing()).isEqualTo(new ReleaseTargets.Routing("shop-public", arn));
        assertThat(read(shopWith(Map.of()))
                        .of("shop", "production")
                        .orElseThrow()
                        .routing())
                .isEqualTo(new ReleaseTargets.Routing("shop-web", null));
    }

    private static Map<String, String> shopWith(Map<String, String> more) {
        String at = "runway.targets.\"shop\".\"production\".";
        Map<String, String> properties = new HashMap<>(Map.of(
                at + "namespace", "prod-shop",
                at + "deployment", "shop-web",
                at + "container", "web",
                at + "service-url", "http://shop.internal",
                at + "registry", "registry.example.com",
                at + "repository", "shop"));
        more.forEach((k, v) -> properties.put(at + k, v));
        return properties;
    }

    @Test
    void withoutAPublicUrlThereIsNoPublicEndpoint() {
        assertThat(read(shopWith(Map.of()))
                        .of("shop", "production")
                        .orElseThrow()
                        .publicEndpoint())
                .isNull();
    }

    @Test
    void aPublicUrlIsCheckedOverHttpsAndItsHttpFormWithTheRunbooksThresholds() {
        assertThat(read(shopWith(Map.of("public-url", "https://shop.example:8443/store")))
                        .of("shop", "production")
                        .orElseThrow()
                        .publicEndpoint())
                .isEqualTo(new ReleaseTargets.PublicEndpoint(
                        "https://shop.example:8443/store", "http://shop.example/store", 30, 31_536_000L));
    }

    @Test
    void theHttpFormAndTheThresholdsMayBeSetPerEnvironment() {
        assertThat(read(shopWith(Map.of(
                                "public-url", "https://localhost:8443/",
                                "public-http-url", "http://localhost:8080/",
                                "tls-min-valid-days", "14",
                                "hsts-min-max-age-seconds", "15768000")))
                        .of("shop", "production")
                        .orElseThrow()
                        .publicEndpoint())
                .isEqualTo(new ReleaseTargets.PublicEndpoint(
                        "https://localhost:8443/", "http://localhost:8080/", 14, 15_768_000L));
    }

    @Test
    void aPublicUrlThatIsNotHttpsStopsTheCoordinatorAtStartup() {
        assertThatThrownBy(() -> read(shopWith(Map.of("public-url", "http://shop.example/"))))
                .hasStackTraceContaining("public-url must be an https:// URL with a host, not http://shop.example/");
    }

    @Test
    void aPublicEndpointIsStoredWithTheReleaseAndReadBack() throws Exception {
        ReleaseTargets targets = read(shopWith(Map.of("public-url", "https://shop.example/")))
                .of("shop", "production")
                .orElseThrow();
        String stored = RunwayJson.wire().writeValueAsString(targets);

        assertThat(RunwayJson.wire().readValue(stored, ReleaseTargets.class)).isEqualTo(targets);
        assertThat(RunwayJson.wire()
                        .writeValueAsString(read(shopWith(Map.of()))
                                .of("shop", "production")
                                .orElseThrow()))
                .doesNotContain("publicEndpoint");
    }

    @Test
    void withoutMonitoringEnabledThereIsNone() {
        assertThat(read(shopWith(Map.of("monitoring.alert-rules", "ShopDown")))
                        .of("shop", "production")
                        .orElseThrow()
                        .monitoring())
                .isNull();
    }

    @Test
    void monitoringDefaultsToTheRunbooksNumbers() {
        assertThat(read(shopWith(Map.of("monitoring.enabled", "true")))
                        .of("shop", "production")
                        .orElseThrow()
                        .monitoring())
                .isEqualTo(new ReleaseTargets.Monitoring(
                        300, 99.9, 0.1, 500, 1000, List.of(), true, 99.9, 2_592_000, 90, true, 120, 20, 10));
    }

    @Test
    void monitoringIsSetPerEnvironmentAndStoredWithTheRelease() throws Exception {
        ReleaseTargets targets = read(shopWith(Map.of(
                        "monitoring.enabled", "true",
                        "monitoring.slo-window", "9s",
                        "monitoring.error-rate-max-percent", "1",
                        "monitoring.alert-rules", "ShopHighErrorRate,ShopDown",
                        "monitoring.error-budget-window", "1h",
                        "monitoring.resources", "false")))
                .of("shop", "production")
                .orElseThrow();

        assertThat(targets.monitoring().sloWindowSeconds()).isEqualTo(9);
        assertThat(targets.monitoring().errorRateMaxPercent()).isEqualTo(1.0);
        assertThat(targets.monitoring().alertRules()).containsExactly("ShopHighErrorRate", "ShopDown");
        assertThat(targets.monitoring().errorBudgetWindowSeconds()).isEqualTo(3600);
        assertThat(targets.monitoring().resources()).isFalse();
        String stored = RunwayJson.wire().writeValueAsString(targets);
        assertThat(RunwayJson.wire().readValue(stored, ReleaseTargets.class)).isEqualTo(targets);
    }

    @Test
    void theIntegrationsPhase9ChecksAreReadWithTheRunbooksHealthPathUnlessConfigured() {
        ReleaseTargets targets = read(shopWith(
                        Map.of("integrations", "payments,email", "integration-credential", "admin")))
                .of("shop", "production")
                .orElseThrow();

        assertThat(targets.integrations())
                .isEqualTo(new ReleaseTargets.Integrations(
                        List.of("payments", "email"), "/api/v1/integrations/{name}/health", "admin"));
        assertThat(targets.integrations().pathOf("email")).isEqualTo("/api/v1/integrations/email/health");
        assertThat(read(shopWith(Map.of()))
                        .of("shop", "production")
                        .orElseThrow()
                        .integrations())
                .isNull();
    }
}
