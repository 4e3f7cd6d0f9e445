package dev.runway.coordinator.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * PagerDuty's Events API v2 as its documentation describes it: {@code POST /v2/enqueue} answered 202
 * {@code {"status":"success","message":"Event processed","dedup_key":...}} with the event's own key.
 */
public class PagerDutyStandIn implements QuarkusTestResourceLifecycleManager {

    /** Pages whose body holds this (the release's application, in the page's source) are refused with 400. */
    static final String REFUSED_SOURCE = "runway/" + FallbackPagingProfile.REFUSED_APPLICATION + "/";

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
        server.start();
        server.stubFor(post(urlEqualTo("/v2/enqueue"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                                + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")));
        // PagerDuty's answer to an event it will not take, quoting the key back as some proxies and APIs do
        server.stubFor(post(urlEqualTo("/v2/enqueue"))
                .withRequestBody(containing(REFUSED_SOURCE))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                                + "\"errors\":[\"routing_key '{{jsonPath request.body '$.routing_key'}}' is not an"
                                + " active integration\"]}")));
        return Map.of("runway.coordinator.fallback-paging.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
