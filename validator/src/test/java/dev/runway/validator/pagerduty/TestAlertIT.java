package dev.runway.validator.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runway.validator.ValidatorFixtures.json;
import static dev.runway.validator.ValidatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import dev.runway.validator.ValidatorFixtures.CapturedLog;
import dev.runway.worker.StepReporter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Step 8.3's test alert against WireMock answering as PagerDuty documents its APIs: the Events API v2 answers
 * {@code POST /v2/enqueue} 202 with status, message and dedup key (400 "Event object is invalid" when it refuses one);
 * the REST API v2 lists an incident under the alert's {@code incident_key} once the trigger has arrived.
 */
class TestAlertIT {

    private static final String SERVICE = "PIJ90N7";
    private static final String TOKEN =
            "u+" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    private static final String ROUTING_KEY =
            "R0" + UUID.randomUUID().toString().replace("-", "").substring(0, 30);
    private static final String ALERT = "test alert";
    private static final String OPEN = "open";

    private static WireMockServer pagerDuty;

    @BeforeAll
    static void startPagerDuty() {
        pagerDuty = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        pagerDuty.start();
    }

    @AfterAll
    static void stopPagerDuty() {
        pagerDuty.stop();
    }

    @BeforeEach
    void reset() {
        pagerDuty.resetAll();
    }

    @Test
    void anAlertListedAsAnIncidentInTimeAndResolvedPasses() {
        pagerDutyAnswers(0);

        EventBody verdict = check(validator("5s"));

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) verdict).summary())
                .matches("1 of 1 checks passed \\(100%\\); test alert to PagerDuty service PIJ90N7 listed as"
                        + " incident #4711 after \\d\\.\\d s <= 5\\.0 s, then resolved");
        assertThat(((StepSucceeded) verdict).measurements())
                .extracting(Measurement::name, Measurement::unit, Measurement::status)
                .containsExactly(tuple("test-alert", "s", Measurement.Status.SUCCESSFUL));
    }

    @Test
    void theAlertIsTriggeredLookedForAndResolvedAsTheApisDocument() throws Exception {
        pagerDutyAnswers(0);

        check(validator("5s"));

        List<LoggedRequest> events = pagerDuty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getBodyAsString())
                .satisfies(body -> assertThat(body)
                        .contains("\"routing_key\":\"" + ROUTING_KEY + "\"", "\"event_action\":\"trigger\"")
                        .contains("\"severity\":\"info\"", "\"source\":\"runway\"", "Step 8.3"));
        String dedupKey = RunwayJson.wire()
                .readTree(events.get(0).getBodyAsString())
                .path("dedup_key")
                .asText();
        assertThat(dedupKey).startsWith("runway-test-alert-");
        pagerDuty.verify(postRequestedFor(urlEqualTo("/v2/enqueue"))
                .withRequestBody(equalToJson("{\"routing_key\":\"" + ROUTING_KEY
                        + "\",\"event_action\":\"resolve\",\"dedup_key\":\"" + dedupKey + "\"}")));
        pagerDuty.verify(getRequestedFor(urlPathEqualTo("/incidents"))
                .withQueryParam("incident_key", equalTo(dedupKey))
                .withQueryParam("service_ids[]", equalTo(SERVICE))
                .withHeader("Authorization", equalTo("Token token=" + TOKEN)));
    }

    @Test
    void anAlertListedLaterThanTheLimitFailsWithTheTimeItTook() {
        pagerDutyAnswers(400);

        ThresholdBreached breach = (ThresholdBreached) check(validator("200ms"));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.ALERT_NOT_DELIVERED);
        assertThat(breach.reason())
                .matches("test alert to PagerDuty service PIJ90N7 listed as incident #4711 after \\d\\.\\d s >"
                        + " 0\\.2 s, then resolved");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.FAILED);
    }

    @Test
    void anAlertNeverListedFailsAndIsStillResolved() {
        eventsApiAccepts();
        noIncidentListed();

        ThresholdBreached breach = (ThresholdBreached) check(validator("300ms"));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.ALERT_NOT_DELIVERED);
        assertThat(breach.reason())
                .matches("test alert to PagerDuty service PIJ90N7 not listed as an incident within 0\\.\\d s;"
                        + " resolve sent");
        pagerDuty.verify(postRequestedFor(urlEqualTo("/v2/enqueue"))
                .withRequestBody(matchingJsonPath("$.event_action", equalTo("resolve"))));
    }

    @Test
    void aRefusedTriggerFailsWithTheEventsApisWords() {
        pagerDuty.stubFor(post(urlEqualTo("/v2/enqueue"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                                + "\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}")));

        ThresholdBreached breach = (ThresholdBreached) check(validator("5s"));

        assertThat(breach.reason())
                .isEqualTo("test alert to PagerDuty service PIJ90N7 not delivered: the trigger was refused: the Events"
                        + " API answered 400 (Event object is invalid)");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
        assertThat(pagerDuty.findAll(getRequestedFor(urlPathEqualTo("/incidents"))))
                .isEmpty();
    }

    @Test
    void withoutARoutingKeyForTheServiceNothingIsSent() {
        ValidationCommandHandler validator = ValidatorFixtures.handler(Map.of(
                "runway.validator.pagerduty.api-url", pagerDuty.baseUrl(),
                "runway.validator.pagerduty.events-url", pagerDuty.baseUrl(),
                "runway.validator.pagerduty.api-token", TOKEN));

        ThresholdBreached breach = (ThresholdBreached) check(validator);

        assertThat(breach.reason())
                .isEqualTo("test alert to PagerDuty service PIJ90N7 not delivered: the validator has no Events API"
                        + " routing key for it (runway.validator.pagerduty.routing-keys.\"PIJ90N7\")");
        assertThat(pagerDuty.getAllServeEvents()).isEmpty();
    }

    @Test
    void aCommandResumedAfterARestartReportsTheAlertItSentInsteadOfSendingAnother() {
        pagerDutyAnswers(0);
        ValidationCommandHandler validator = validator("5s");
        Command command = command();
        Map<String, String> checkpoints = new HashMap<>();

        EventBody first = carryOut(validator, command, checkpoints);
        EventBody resumed = carryOut(validator, command, checkpoints);

        assertThat(pagerDuty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))))
                .hasSize(2);
        assertThat(resumed).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) resumed).summary()).isEqualTo(((StepSucceeded) first).summary());
        assertThat(((StepSucceeded) resumed).measurements())
                .extracting(Measurement::value)
                .isEqualTo(((StepSucceeded) first)
                        .measurements().stream().map(Measurement::value).toList());
    }

    @Test
    void theRoutingKeyAndTokenAppearInNoEventOrLogLine() {
        List<EventBody> events = new ArrayList<>();
        try (CapturedLog log = new CapturedLog()) {
            pagerDutyAnswers(0);
            events.add(check(validator("5s")));
            pagerDuty.resetAll();
            eventsApiAccepts();
            noIncidentListed();
            events.add(check(validator("200ms")));

            assertThat(events).hasExactlyElementsOfTypes(StepSucceeded.class, ThresholdBreached.class);
            assertThat(json(events)).doesNotContain(TOKEN).doesNotContain(ROUTING_KEY);
            assertThat(log.text()).doesNotContain(TOKEN).doesNotContain(ROUTING_KEY);
        }
    }

    private static ValidationCommandHandler validator(String maxDelivery) {
        return ValidatorFixtures.handler(Map.of(
                "runway.validator.pagerduty.api-url",
                pagerDuty.baseUrl(),
                "runway.validator.pagerduty.events-url",
                pagerDuty.baseUrl(),
                "runway.validator.pagerduty.api-token",
                TOKEN,
                "runway.validator.pagerduty.routing-keys.\"" + SERVICE + "\"",
                ROUTING_KEY,
                "runway.validator.pagerduty.max-alert-delivery",
                maxDelivery,
                "runway.validator.pagerduty.alert-poll-interval",
                "50ms"));
    }

    /** The incident is listed once the trigger arrived, each listing taking {@code listingDelayMillis}. */
    private static void pagerDutyAnswers(int listingDelayMillis) {
        eventsApiAccepts();
        pagerDuty.stubFor(post(urlEqualTo("/v2/enqueue"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
                .inScenario(ALERT)
                .willSetStateTo(OPEN)
                .willReturn(accepted()));
        noIncidentListed();
        pagerDuty.stubFor(get(urlPathEqualTo("/incidents"))
                .atPriority(1)
                .inScenario(ALERT)
                .whenScenarioStateIs(OPEN)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay(listingDelayMillis)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"incidents\":[{\"id\":\"PT4KHLK\",\"type\":\"incident\",\"incident_number\":4711,"
                                + "\"title\":\"Runway deployment test alert\",\"created_at\":\"2026-11-27T09:12:00Z\","
                                + "\"status\":\"triggered\",\"urgency\":\"low\",\"service\":{\"id\":\"" + SERVICE
                                + "\",\"type\":\"service_reference\"}}],\"limit\":25,\"offset\":0,\"more\":false}")));
        pagerDuty.stubFor(post(urlEqualTo("/v2/enqueue"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.event_action", equalTo("resolve")))
                .inScenario(ALERT)
                .willSetStateTo(STARTED)
                .willReturn(accepted()));
    }

    private static void eventsApiAccepts() {
        pagerDuty.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(accepted()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
        return aResponse()
                .withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}");
    }

    private static void noIncidentListed() {
        pagerDuty.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"incidents\":[],\"limit\":25,\"offset\":0,\"more\":false}")));
    }

    private static EventBody check(ValidationCommandHandler validator) {
        return carryOut(validator, command(), new HashMap<>());
    }

    private static Command command() {
        return Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.now(),
                Phase.MONITORING_VALIDATION,
                run(Phase.MONITORING_VALIDATION, Check.alertDelivery("test-alert", SERVICE)));
    }

    /** The verdict of one run of the command, with a durable log of its checkpoints kept in {@code checkpoints}. */
    private static EventBody carryOut(
            ValidationCommandHandler validator, Command command, Map<String, String> checkpoints) {
        List<EventBody> reported = new ArrayList<>();
        validator.carryOut(command, new StepReporter() {
            @Override
            public void report(EventBody body) {
                reported.add(body);
            }

            @Override
            public void checkpoint(String part, String yielded) {
                checkpoints.put(part, yielded);
            }

            @Override
            public Optional<String> checkpointed(String part) {
                return Optional.ofNullable(checkpoints.get(part));
            }
        });
        assertThat(reported).hasSize(2);
        return reported.get(1);
    }
}
