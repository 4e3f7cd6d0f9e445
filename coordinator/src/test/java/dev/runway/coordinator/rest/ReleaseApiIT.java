package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepSucceeded;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ReleaseApiIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    static ObjectNode spec(String application) throws IOException {
        try (InputStream in = ReleaseApiIT.class.getResourceAsStream("/release-spec.json")) {
            ObjectNode spec = (ObjectNode) RunwayJson.wire().readTree(in);
            spec.put("application", application);
            return spec;
        }
    }

    @Test
    void aMalformedSpecIsRejectedWithAProblemNamingTheFieldAndNothingIsStored() throws IOException {
        ObjectNode bad = spec("malformed-app");
        ((ObjectNode) bad.get("image")).put("digest", "sha256:not-a-digest");
        bad.remove("requestedBy");

        given().contentType("application/json")
                .body(bad.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("image.digest"))
                .body("errors.field", hasItem("requestedBy"))
                .body("detail", containsString("image.digest"));

        given().when()
                .get("/releases?application=malformed-app")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void anUnknownCacheTypeIsRejectedNamingTheAllowedOnes() throws IOException {
        ObjectNode bad = spec("cdn-app");
        ((ObjectNode) bad.withArray("caches").get(0)).put("type", "CLOUDFRONT");

        given().contentType("application/json")
                .body(bad.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("caches[0].type"))
                .body("errors[0].message", containsString("REDIS"));
    }

    @Test
    void aMisspeltFieldAndBrokenJsonAreRejected() throws IOException {
        ObjectNode bad = spec("typo-app");
        bad.set("migartions", bad.get("database"));
        given().contentType("application/json")
                .body(bad.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("migartions"));
        given().contentType("application/json")
                .body("{\"application\": ")
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownReleaseIsA404Problem() {
        given().when()
                .get("/releases/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/releases/not-a-uuid").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aReleaseStartsSendsPreFlightChecksAuditsItAndAdvancesOnTheValidatorsAnswer() throws Exception {
        String location = given().contentType("application/json")
                .body(spec("api-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .body("status", equalTo("RUNNING"))
                .body("currentPhase", equalTo("PRE_FLIGHT_CHECKS"))
                .extract()
                .header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        Command preFlight = commands(id, Topics.VALIDATION_COMMANDS, 1).get(0);
        assertThat(preFlight.body()).isInstanceOf(RunChecks.class);

        ConsumerRecord<String, String> audit = KAFKA.records(
                        Topics.AUDIT,
                        r -> id.toString().equals(r.key()),
                        records -> !records.isEmpty(),
                        Duration.ofSeconds(10))
                .get(0);
        assertThat(KafkaTestClient.header(audit, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(audit, "ce_type")).isEqualTo(ReleaseTransitioned.TYPE);
        assertThat(KafkaTestClient.header(audit, "ce_subject")).isEqualTo(id.toString());
        assertThat(RunwayJson.wire()
                        .readValue(audit.value(), ReleaseTransitioned.class)
                        .releaseId())
                .isEqualTo(id);

        given().contentType("application/json")
                .body(spec("api-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("activeRelease", equalTo(id.toString()));

        String succeeded = RunwayJson.wire()
                .writeValueAsString(Event.of(
                        UUID.randomUUID(),
                        id,
                        preFlight.commandId(),
                        Instant.now(),
                        "validator",
                        new StepSucceeded(
                                "3 of 3 checks passed",
                                List.of(),
                                Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2"))));
        KAFKA.sendRaw(Topics.EVENTS, id.toString(), "{ this is not an event");
        KAFKA.sendRaw(Topics.EVENTS, id.toString(), succeeded);
        KAFKA.sendRaw(Topics.EVENTS, id.toString(), succeeded);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("DEPLOYMENT_START"))
                        .body("timeline.find { it.stage == 'GO_NO_GO' }.status", equalTo("SUCCEEDED"))
                        .body("facts.previousVersion", equalTo("1.3.2")));
        List<Command> notifications = commands(id, Topics.NOTIFICATION_COMMANDS, 1);
        assertThat(notifications)
                .extracting(c -> ((Announce) c.body()).announcement())
                .containsExactly(Announce.Announcement.DEPLOYMENT_STARTED);
        List<Command> checks = commands(id, Topics.VALIDATION_COMMANDS, 2);
        assertThat(checks).hasSize(2);
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopic() {
        String marker = "garbage-" + UUID.randomUUID();
        KAFKA.sendRaw(Topics.EVENTS, marker, "not json at all " + marker);

        assertThat(KAFKA.rawValues(Topics.deadLetter(Topics.EVENTS), marker, values -> !values.isEmpty()))
                .containsExactly("not json at all " + marker);
    }

    /** The release's commands on {@code topic}, once {@code count} have arrived. */
    private static List<Command> commands(UUID release, String topic, int count) {
        return KAFKA.rawValues(topic, release.toString(), values -> values.size() >= count).stream()
                .map(ReleaseApiIT::read)
                .toList();
    }

    private static Command read(String json) {
        try {
            return RunwayJson.wire().readValue(json, Command.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
