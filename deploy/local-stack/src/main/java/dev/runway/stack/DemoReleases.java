package dev.runway.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.LatencySeries;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import dev.runway.sandbox.ImageCatalogue;
import java.util.List;
import java.util.Map;

/**
 * The release specs the demo and the end-to-end tests submit for the sandbox's {@code shop}. They name only the
 * application and environment; the local stack configures the coordinator with where those go ({@link LocalStack}).
 */
public final class DemoReleases {

    /**
     * Guard windows of seconds rather than the runbook's minutes, which would make a demo wait an hour. The window is
     * a whole number of sampling intervals, so the sample that completes it is the one that fires.
     */
    public static final int GUARD_WINDOW_SECONDS = 9;

    public static final int GUARD_INTERVAL_SECONDS = 3;

    /** Phase 8 watches the guards this long, rather than the runbook's five minutes. */
    public static final int OBSERVATION_SECONDS = 25;

    public static final int HYPERCARE_SECONDS = 120;

    public static final int DECISION_TIMEOUT_SECONDS = 120;

    /**
     * The name under which the local stack gives the validator the demo's bearer token for the sandbox's cart; the
     * spec carries only this name.
     */
    public static final String CHECKOUT_CREDENTIAL = "checkout-bot";

    /** Phase 7's authenticated JSON POST: the sandbox's cart answers 201 with the item it was given. */
    static final SmokeCheck ADD_TO_CART = new SmokeCheck(
            "add to cart",
            "/api/v1/cart",
            201,
            null,
            "POST",
            Map.of("Content-Type", "application/json"),
            "{\"productId\":2,\"quantity\":1}",
            CHECKOUT_CREDENTIAL,
            "$.items[0].productId",
            "2",
            null);

    private DemoReleases() {}

    /** shop 1.4.0: healthy; adds a column, switches a feature flag on. */
    public static ReleaseSpec healthy() {
        return spec(
                "1.4.0",
                ImageCatalogue.SHOP_1_4_0_DIGEST,
                new Migration(
                        "20261126_001",
                        "add loyalty points",
                        "ALTER TABLE customer ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0",
                        "ALTER TABLE customer DROP COLUMN loyalty_points"));
    }

    /** shop 1.5.0: rolls out, but its /health answers 503. */
    public static ReleaseSpec failingHealth() {
        return spec(
                "1.5.0",
                ImageCatalogue.SHOP_1_5_0_DIGEST,
                new Migration(
                        "20261126_002",
                        "add referral code",
                        "ALTER TABLE customer ADD COLUMN referral_code text",
                        "ALTER TABLE customer DROP COLUMN referral_code"));
    }

    /** Back to shop 1.3.2 (the sandbox's other healthy image), with a further migration. */
    public static ReleaseSpec healthyAgain() {
        return spec(
                "1.3.2",
                ImageCatalogue.SHOP_1_3_2_DIGEST,
                new Migration(
                        "20261126_003",
                        "add newsletter flag",
                        "ALTER TABLE customer ADD COLUMN newsletter boolean NOT NULL DEFAULT false",
                        "ALTER TABLE customer DROP COLUMN newsletter"));
    }

    /** shop 1.7.0: healthy endpoints, but one request in ten answers 500. */
    public static ReleaseSpec errorRate() {
        // Its smoke checks avoid the routes that fail one time in ten: what is shown here is the guard's rollback,
        // and a smoke check that met a failing request would roll back first for another reason.
        return spec(
                        "1.7.0",
                        ImageCatalogue.SHOP_1_7_0_DIGEST,
                        new Migration(
                                "20261126_005",
                                "add wishlist count",
                                "ALTER TABLE customer ADD COLUMN wishlist_count integer NOT NULL DEFAULT 0",
                                "ALTER TABLE customer DROP COLUMN wishlist_count"))
                .withSmokeChecks(List.of(new SmokeCheck("readiness", "/ready", 200, "ready")));
    }

    /**
     * shop 1.8.0: one request in fifty answers 500, above the runbook's 1% "evaluate" level and below its 5%
     * "immediate" one, so a person decides; {@code onTimeout} is what happens when nobody does.
     */
    public static ReleaseSpec elevatedErrorRate(DecisionAction onTimeout, int decisionTimeoutSeconds) {
        ReleaseSpec spec = spec(
                "1.8.0",
                ImageCatalogue.SHOP_1_8_0_DIGEST,
                new Migration(
                        "20261126_006",
                        "add gift wrap flag",
                        "ALTER TABLE customer ADD COLUMN gift_wrap boolean NOT NULL DEFAULT false",
                        "ALTER TABLE customer DROP COLUMN gift_wrap"));
        // Its smoke checks avoid the routes that fail one time in fifty: what is tested here is the guard's
        // decision, and a smoke check that failed by chance would ask a person for another reason.
        return spec.withSmokeChecks(List.of(new SmokeCheck("readiness", "/ready", 200, "ready")))
                .withGuards(guards(onTimeout, decisionTimeoutSeconds));
    }

    /** shop 1.6.0: its new pods crash-loop, which the rollout-agent sees in the pods within seconds. */
    public static ReleaseSpec crashLooping() {
        return spec(
                "1.6.0",
                ImageCatalogue.SHOP_1_6_0_DIGEST,
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

    private static ReleaseSpec spec(String version, String digest, Migration migration) {
        // the sandbox shares two cores with six JVMs: response times are not production's
        return spec(version, digest, migration, new Thresholds(60, 180, 120, 95, 2000));
    }

    /**
     * The runbook's guard rules with windows of seconds rather than minutes, so a demo shows them fire; the
     * IMMEDIATE one keeps its 5% threshold (a spec may only tighten it).
     */
    static GuardPolicy guards(DecisionAction onTimeout, int decisionTimeoutSeconds) {
        return new GuardPolicy(
                List.of(
                        new GuardRule(
                                "error-rate-immediate",
                                GuardMetric.ERROR_RATE,
                                0.05,
                                GUARD_WINDOW_SECONDS,
                                GUARD_INTERVAL_SECONDS,
                                Severity.IMMEDIATE,
                                RollbackTrigger.ERROR_RATE_SUSTAINED),
                        new GuardRule(
                                "error-rate-evaluate",
                                GuardMetric.ERROR_RATE,
                                0.01,
                                GUARD_WINDOW_SECONDS,
                                GUARD_INTERVAL_SECONDS,
                                Severity.EVALUATE,
                                RollbackTrigger.ERROR_RATE_ELEVATED),
                        new GuardRule(
                                "latency-p99-evaluate",
                                GuardMetric.LATENCY_P99,
                                5.0,
                                GUARD_WINDOW_SECONDS,
                                GUARD_INTERVAL_SECONDS,
                                Severity.EVALUATE,
                                RollbackTrigger.LATENCY_ABOVE_THRESHOLD)),
                decisionTimeoutSeconds,
                onTimeout,
                HYPERCARE_SECONDS,
                OBSERVATION_SECONDS);
    }

    private static ReleaseSpec spec(String version, String digest, Migration migration, Thresholds thresholds) {
        return new ReleaseSpec(
                "shop",
                "production",
                version,
                new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, digest),
                List.of(migration),
                new ConfigurationChange(Map.of("RELEASE", version), true),
                List.of(
                        new SmokeCheck("homepage", "/", 200, null),
                        new SmokeCheck("catalogue API", "/api/v1/products", 200, "products"),
                        ADD_TO_CART,
                        new SmokeCheck(
                                "readiness",
                                "/ready",
                                200,
                                "ready",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new LatencySeries(20))),
                thresholds,
                guards(DecisionAction.ROLLBACK, DECISION_TIMEOUT_SECONDS));
    }
}
