package dev.runway.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DatabaseChange;
import dev.runway.model.spec.GoNoGoVote;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.ServiceTarget;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import dev.runway.sandbox.ImageCatalogue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The release specs the demo and the end-to-end tests submit to the sandbox's {@code shop}. */
public final class DemoReleases {

    private DemoReleases() {}

    /** shop 1.4.0: healthy; adds a column, switches a feature flag on. */
    public static ReleaseSpec healthy(String appBaseUrl) {
        return spec(
                "1.4.0",
                ImageCatalogue.SHOP_1_4_0_DIGEST,
                appBaseUrl,
                new Migration(
                        "20261126_001",
                        "add loyalty points",
                        "ALTER TABLE customer ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0",
                        "ALTER TABLE customer DROP COLUMN loyalty_points"));
    }

    /** shop 1.5.0: rolls out, but its /health answers 503. */
    public static ReleaseSpec failingHealth(String appBaseUrl) {
        return spec(
                "1.5.0",
                ImageCatalogue.SHOP_1_5_0_DIGEST,
                appBaseUrl,
                new Migration(
                        "20261126_002",
                        "add referral code",
                        "ALTER TABLE customer ADD COLUMN referral_code text",
                        "ALTER TABLE customer DROP COLUMN referral_code"));
    }

    /** Back to shop 1.3.2 (the sandbox's other healthy image), with a further migration. */
    public static ReleaseSpec healthyAgain(String appBaseUrl) {
        return spec(
                "1.3.2",
                ImageCatalogue.SHOP_1_3_2_DIGEST,
                appBaseUrl,
                new Migration(
                        "20261126_003",
                        "add newsletter flag",
                        "ALTER TABLE customer ADD COLUMN newsletter boolean NOT NULL DEFAULT false",
                        "ALTER TABLE customer DROP COLUMN newsletter"));
    }

    /** shop 1.6.0: its pods never become ready, so the rollout times out halfway. */
    public static ReleaseSpec crashLooping(String appBaseUrl) {
        return spec(
                "1.6.0",
                ImageCatalogue.SHOP_1_6_0_DIGEST,
                appBaseUrl,
                new Migration(
                        "20261126_004",
                        "add last login",
                        "ALTER TABLE customer ADD COLUMN last_login timestamptz",
                        "ALTER TABLE customer DROP COLUMN last_login"),
                new Thresholds(60, 15, 120, 95, 2000));
    }

    public static String json(ReleaseSpec spec) {
        try {
            return RunwayJson.wire().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReleaseSpec spec(String version, String digest, String appBaseUrl, Migration migration) {
        // the sandbox shares two cores with six JVMs: response times are not production's
        return spec(version, digest, appBaseUrl, migration, new Thresholds(60, 180, 120, 95, 2000));
    }

    private static ReleaseSpec spec(
            String version, String digest, String appBaseUrl, Migration migration, Thresholds thresholds) {
        List<GoNoGoVote> votes = Arrays.stream(GoNoGoVote.Role.values())
                .map(role -> new GoNoGoVote(
                        role, GoNoGoVote.Decision.GO, role.name().toLowerCase().replace('_', ' ')))
                .toList();
        return new ReleaseSpec(
                "shop",
                "production",
                version,
                "Dana (deployment lead)",
                new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, version, digest),
                new KubernetesTarget("production", "shop", "shop"),
                new ServiceTarget(appBaseUrl),
                new DatabaseChange(LocalStack.SHOP_DATABASE, List.of(migration)),
                new ConfigurationChange("shop-config", Map.of("RELEASE", version), true),
                List.of(),
                List.of(
                        new SmokeCheck("homepage", "/", 200, null),
                        new SmokeCheck("catalogue API", "/api/v1/products", 200, "products"),
                        new SmokeCheck("readiness", "/ready", 200, "ready")),
                votes,
                thresholds,
                null);
    }
}
