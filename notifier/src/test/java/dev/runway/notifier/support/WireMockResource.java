package dev.runway.notifier.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for Slack and PagerDuty on a dynamic port, and gives the notifier channels and services
 * whose secrets the tests then look for in events and logs. By default both answer as the real
 * services do on success; a test adds a higher-priority stub to make one release fail.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEPLOYMENTS_WEBHOOK_PATH = "/services/T0RUNWAY/B0DEPLOYS/s3cr3tW3bh00kT0kenDeploys";
    public static final String DEFAULT_WEBHOOK_PATH = "/services/T0RUNWAY/B0DEFAULT/s3cr3tW3bh00kT0kenDefault";
    public static final String EVENTS_PATH = "/v2/enqueue";
    public static final String ROUTING_KEY = "R0ut1ngK3yS3cr3tF0rSh0p0nC4ll00";
    public static final String DEFAULT_ROUTING_KEY = "R0ut1ngK3yS3cr3tF0rD3f4ult00000";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        // Before the application starts, so the log the secrets test reads holds this run only.
        TestLog.truncate();
        // WireMock's own request log would name the webhook paths; only the notifier's log is under test.
        server = new WireMockServer(options().dynamicPort().notifier(new Silent()));
        server.start();
        server.stubFor(post(urlPathMatching("/services/.*"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("ok")));
        server.stubFor(post(urlEqualTo(EVENTS_PATH))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                        .withTransformers("response-template")));
        String base = server.baseUrl();
        return Map.of(
                "runway.chat.channels.default.webhook-url", base + DEFAULT_WEBHOOK_PATH,
                "runway.chat.channels.deployments.webhook-url", base + DEPLOYMENTS_WEBHOOK_PATH,
                "runway.pagerduty.events-url", base + EVENTS_PATH,
                "runway.pagerduty.services.default.routing-key", DEFAULT_ROUTING_KEY,
                "runway.pagerduty.services.shop-oncall.routing-key", ROUTING_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static final class Silent implements Notifier {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public void error(String message, Throwable t) {}
    }
}
