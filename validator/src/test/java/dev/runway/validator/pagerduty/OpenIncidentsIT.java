package dev.runway.validator.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.runway.validator.ValidatorFixtures.carryOut;
import static dev.runway.validator.ValidatorFixtures.json;
import static dev.runway.validator.ValidatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import dev.runway.validator.ValidatorFixtures.CapturedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight incident check against WireMock answering as PagerDuty's REST API v2 documents {@code GET /incidents}
 * (List incidents): a page object with {@code incidents}, {@code limit}, {@code offset} and {@code more}.
 */
class OpenIncidentsIT {

    private static final String SERVICE = "PIJ90N7";
    private static final String TOKEN =
            "u+" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);

    private static final String ONE_OPEN = """
            {"incidents":[{"id":"PT4KHLK","type":"incident","summary":"[#1234] The server is on fire.",
            "self":"https://api.pagerduty.com/incidents/PT4KHLK","html_url":"https://subdomain.pagerduty.com/incidents/PT4KHLK",
            "incident_number":1234,"title":"The server is on fire.","created_at":"2026-11-27T09:12:00Z",
            "updated_at":"2026-11-27T09:20:00Z","status":"acknowledged","incident_key":"baf7cf21b1da41b4b0221008339ff357",
            "service":{"id":"PIJ90N7","type":"service_reference","summary":"My Mail Service"},
            "assignments":[],"acknowledgements":[],"last_status_change_at":"2026-11-27T09:20:00Z",
            "urgency":"high","priority":null}],"limit":25,"offset":0,"more":false}""";

    private static WireMockServer pagerDuty;
    private static ValidationCommandHandler validator;

    @BeforeAll
    static void startPagerDuty() {
        pagerDuty = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        pagerDuty.start();
        validator = ValidatorFixtures.handler(Map.of(
                "runway.validator.pagerduty.api-url",
                pagerDuty.baseUrl(),
                "runway.validator.pagerduty.api-token",
                TOKEN));
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
    void noOpenIncidentPasses() {
        answer(200, "{\"incidents\":[],\"limit\":25,\"offset\":0,\"more\":false}");

        EventBody verdict = check();

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) verdict).summary())
                .isEqualTo("1 of 1 checks passed (100%); no triggered or acknowledged incident on PagerDuty service "
                        + SERVICE);
        assertThat(((StepSucceeded) verdict).measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                .containsExactly(tuple("open-incidents", "0", "incidents", Measurement.Status.SUCCESSFUL));
    }

    @Test
    void askedAsTheApiDocumentsItForTheServiceAndBothOpenStatuses() {
        answer(200, "{\"incidents\":[],\"limit\":25,\"offset\":0,\"more\":false}");

        check();

        pagerDuty.verify(getRequestedFor(urlPathEqualTo("/incidents"))
                .withQueryParam("service_ids[]", equalTo(SERVICE))
                .withQueryParam("statuses[]", havingExactly("triggered", "acknowledged"))
                .withHeader("Authorization", equalTo("Token token=" + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.pagerduty+json;version=2")));
    }

    @Test
    void anOpenIncidentFailsPreFlightNamingIt() {
        answer(200, ONE_OPEN);

        EventBody verdict = check();

        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        ThresholdBreached breach = (ThresholdBreached) verdict;
        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.INCIDENT_OPEN);
        assertThat(breach.reason())
                .isEqualTo("1 open incident on PagerDuty service PIJ90N7: #1234 acknowledged (high urgency) since"
                        + " 2026-11-27T09:12:00Z: The server is on fire.");
        assertThat(breach.measurements())
                .extracting(Measurement::value, Measurement::status)
                .containsExactly(tuple("1", Measurement.Status.FAILED));
    }

    @Test
    void aRefusedTokenIsAnErrorNotAPass() {
        answer(401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}");

        ThresholdBreached breach = (ThresholdBreached) check();

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.INCIDENT_OPEN);
        assertThat(breach.reason())
                .isEqualTo("open incidents on PagerDuty service PIJ90N7 unknown: PagerDuty answered 401 (the API token"
                        + " was refused)");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
    }

    @Test
    void withoutATokenTheCheckFailsSayingWhichPropertyToSet() {
        ThresholdBreached breach = (ThresholdBreached) carryOut(
                        ValidatorFixtures.handler(Map.of("runway.validator.pagerduty.api-url", pagerDuty.baseUrl())),
                        Phase.PRE_FLIGHT_CHECKS,
                        run(Phase.PRE_FLIGHT_CHECKS, Check.openIncidents("open-incidents", SERVICE)))
                .get(1);

        assertThat(breach.reason())
                .isEqualTo("open incidents on PagerDuty service PIJ90N7 unknown: the validator has no PagerDuty API"
                        + " token (runway.validator.pagerduty.api-token)");
        assertThat(pagerDuty.getAllServeEvents()).isEmpty();
    }

    @Test
    void theTokenAppearsInNoEventMeasurementOrLogLine() {
        List<EventBody> events = new ArrayList<>();
        try (CapturedLog log = new CapturedLog()) {
            answer(200, ONE_OPEN);
            events.add(check());
            answer(401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}");
            events.add(check());
            answer(200, "{\"incidents\":[],\"limit\":25,\"offset\":0,\"more\":false}");
            events.add(check());

            assertThat(events)
                    .hasExactlyElementsOfTypes(ThresholdBreached.class, ThresholdBreached.class, StepSucceeded.class);
            assertThat(json(events)).doesNotContain(TOKEN);
            assertThat(log.text()).doesNotContain(TOKEN);
        }
    }

    private static void answer(int status, String body) {
        pagerDuty.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private static EventBody check() {
        return carryOut(
                        validator,
                        Phase.PRE_FLIGHT_CHECKS,
                        run(Phase.PRE_FLIGHT_CHECKS, Check.openIncidents("open-incidents", SERVICE)))
                .get(1);
    }
}
