package dev.runway.rollout.cache;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * CloudFront's API on WireMock (see {@code CloudFrontStandIn}) and the distribution's edge on a JDK HTTP server,
 * configured as the cache named {@value #CACHE} with static credentials the tests then look for in events and logs.
 */
public class CloudFrontResource implements QuarkusTestResourceLifecycleManager {

    public static final String CACHE = "shop-cdn";
    public static final String DISTRIBUTION = "EDFDVBD6EXAMPLE";
    public static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static WireMockServer api;
    private static EdgeStandIn edge;

    public static WireMockServer api() {
        return api;
    }

    public static EdgeStandIn edge() {
        return edge;
    }

    @Override
    public Map<String, String> start() {
        api = new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
        api.start();
        edge = new EdgeStandIn(EdgeStandIn.MISS_THEN_HIT);
        String at = "runway.caches.\"" + CACHE + "\".";
        return Map.of(
                at + "cloudfront.distribution-id",
                DISTRIBUTION,
                at + "cloudfront.endpoint",
                api.baseUrl(),
                at + "cloudfront.access-key-id",
                ACCESS_KEY,
                at + "cloudfront.secret-access-key",
                SECRET_KEY,
                at + "cloudfront.timeout",
                "10s",
                at + "cloudfront.poll-interval",
                "100ms",
                at + "probe.url",
                edge.health().toString());
    }

    @Override
    public void stop() {
        api.stop();
        edge.close();
    }
}
