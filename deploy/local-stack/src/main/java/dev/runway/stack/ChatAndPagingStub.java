package dev.runway.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.model.RunwayJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack and PagerDuty cannot exist here, so WireMock answers in their place with the responses
 * their documentation gives: a Slack incoming webhook answers 200 {@code ok}; the PagerDuty Events
 * API v2 answers 202 with status, message and the dedup key; the REST API's {@code GET /incidents} answers a page
 * with no incident, when asked with the run's API token. A test alert (the validator's Step 8.3, on its own routing
 * key) opens an incident that {@code GET /incidents?incident_key=} lists until the alert is resolved; the service's
 * open-incident list stays empty, as the stand-in's incidents belong to no service.
 *
 * <p>The webhook path and the routing key are made up per run, and treated as the secrets they
 * would be in production.
 */
public final class ChatAndPagingStub implements AutoCloseable {

    private static final UUID CHAT_FAILURE = UUID.fromString("0c4a7f2e-6b1d-4e3a-9c58-2d7f1e0b3a64");

    private final WireMockServer server;
    private final String webhookPath =
            "/services/T0SANDBOX/B0SANDBOX/" + UUID.randomUUID().toString().replace("-", "");
    private final String routingKey =
            "R0" + UUID.randomUUID().toString().replace("-", "").substring(0, 30);
    private final String testAlertRoutingKey =
            "R1" + UUID.randomUUID().toString().replace("-", "").substring(0, 30);
    private final String restApiToken =
            "u+" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);

    private ChatAndPagingStub(int port) {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .globalTemplating(true)
                .extensions(new TestAlertIncidents()));
        server.start();
        server.stubFor(post(urlPathMatching("/services/.*"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("ok")));
        server.stubFor(post(urlEqualTo("/v2/enqueue"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                                + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")));
        server.stubFor(get(urlPathEqualTo("/incidents"))
                .withHeader("Authorization", equalTo("Token token=" + restApiToken))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"incidents\":[],\"limit\":25,\"offset\":0,\"more\":false}")));
        answerTestAlerts();
    }

    private void answerTestAlerts() {
        server.stubFor(post(urlEqualTo("/v2/enqueue"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.routing_key", equalTo(testAlertRoutingKey)))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                                + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                        .withTransformers(TestAlertIncidents.NAME)));
        server.stubFor(get(urlPathEqualTo("/incidents"))
                .atPriority(1)
                .withQueryParam("incident_key", matching(".+"))
                .withHeader("Authorization", equalTo("Token token=" + restApiToken))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withTransformers(TestAlertIncidents.NAME)));
    }

    /**
     * PagerDuty's incidents for the test alerts: a trigger opens one under its dedup key (a repeated trigger folds
     * into it), a resolve closes it, and {@code GET /incidents?incident_key=} lists it while it is open.
     */
    private static final class TestAlertIncidents implements ResponseDefinitionTransformerV2 {

        static final String NAME = "test-alert-incidents";

        private final Map<String, Integer> open = new ConcurrentHashMap<>();
        private final AtomicInteger numbers = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            if (request.getMethod().equals(RequestMethod.POST)) {
                JsonNode alert = json(request.getBodyAsString());
                String key = alert.path("dedup_key").asText();
                switch (alert.path("event_action").asText()) {
                    case "trigger" -> open.computeIfAbsent(key, k -> numbers.incrementAndGet());
                    case "resolve" -> open.remove(key);
                    default -> {}
                }
                return event.getResponseDefinition();
            }
            String key = request.queryParameter("incident_key").firstValue();
            Integer number = open.get(key);
            String incidents = number == null
                    ? ""
                    : "{\"id\":\"PSANDBX" + number + "\",\"type\":\"incident\",\"incident_number\":" + number
                            + ",\"title\":\"Runway deployment test alert\",\"created_at\":\"" + Instant.now()
                            + "\",\"status\":\"triggered\",\"urgency\":\"low\"}";
            return ResponseDefinitionBuilder.like(event.getResponseDefinition())
                    .but()
                    .withBody("{\"incidents\":[" + incidents + "],\"limit\":25,\"offset\":0,\"more\":false}")
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /**
     * From now on every chat post is answered {@code status}, as Slack does when it cannot take a message
     * ({@code 503 service_unavailable}) or refuses it ({@code 404 no_service}); PagerDuty still answers.
     */
    public void answerChatWith(int status, String body) {
        server.stubFor(post(urlPathMatching("/services/.*"))
                .atPriority(1)
                .withId(CHAT_FAILURE)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "text/plain")
                        .withBody(body)));
    }

    /** Chat answers 200 {@code ok} again. */
    public void answerChatNormally() {
        server.removeStub(CHAT_FAILURE);
    }

    public static ChatAndPagingStub start(int port) {
        return new ChatAndPagingStub(port);
    }

    /** The incoming webhook URL: a secret in production. */
    public String webhookUrl() {
        return server.baseUrl() + webhookPath;
    }

    public String eventsUrl() {
        return server.baseUrl() + "/v2/enqueue";
    }

    /** PagerDuty's base URL, to which the coordinator's own pages append {@code /v2/enqueue}. */
    public String pagerDutyBaseUrl() {
        return server.baseUrl();
    }

    /** The REST API key the validator's incident check reads with: a secret in production. */
    public String restApiToken() {
        return restApiToken;
    }

    /** The integration's routing key: a secret in production. */
    public String routingKey() {
        return routingKey;
    }

    /** The routing key of the integration the validator's test alerts go to: a secret in production. */
    public String testAlertRoutingKey() {
        return testAlertRoutingKey;
    }

    /** The {@code text} of every chat message received, oldest first. */
    public List<String> chatMessages() {
        return server.findAll(postRequestedFor(urlPathMatching("/services/.*"))).stream()
                .map(r -> json(r).path("text").asText())
                .toList();
    }

    /** Every page the notifier sent (PagerDuty Events API v2 bodies), oldest first. */
    public List<JsonNode> pagerDutyEvents() {
        return events(routingKey);
    }

    /** Every Events API v2 body of the validator's test alerts, oldest first. */
    public List<JsonNode> testAlerts() {
        return events(testAlertRoutingKey);
    }

    private List<JsonNode> events(String routingKey) {
        return server.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).stream()
                .map(ChatAndPagingStub::json)
                .filter(event -> event.path("routing_key").asText().equals(routingKey))
                .toList();
    }

    private static JsonNode json(LoggedRequest request) {
        return json(request.getBodyAsString());
    }

    private static JsonNode json(String body) {
        try {
            return RunwayJson.wire().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
