package dev.runway.coordinator.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.rest.TargetsProfile;
import dev.runway.coordinator.rest.Tokens;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepSucceeded;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class WorkerEventConsumerIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KAFKA);
    }

    /** Signed on first use, inside the running test application whose profile names the signing key. */
    private static String deployer() {
        return Tokens.of("dana-deployer", "deployer");
    }

    @Test
    void eventsFromAnyoneButTheAwaitedWorkerAreDeadLetteredCountedAndChangeNothingWhileTheConsumerGoesOn()
            throws IOException {
        String location = given().auth()
                .oauth2(deployer())
                .contentType("application/json")
                .body(spec("refusing-app"))
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Command preFlight = read(KAFKA.rawValues(Topics.VALIDATION_COMMANDS, id.toString(), v -> !v.isEmpty())
                .get(0));
        String before = given().auth()
                .oauth2(deployer())
                .when()
                .get(location)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        double wrongWorkerBefore = refused("wrong-worker");
        double unknownSourceBefore = refused("unknown-source");
        String payloadMarker = "payload-" + UUID.randomUUID();

        KAFKA.sendRaw(Topics.EVENTS, id.toString(), event(id, preFlight, "migrator", payloadMarker));
        KAFKA.sendRaw(Topics.EVENTS, id.toString(), event(id, preFlight, "intruder", payloadMarker));

        List<ConsumerRecord<String, String>> parked = KAFKA.records(
                Topics.deadLetter(Topics.EVENTS),
                r -> id.toString().equals(r.key()),
                records -> records.size() >= 2,
                Duration.ofSeconds(30));
        assertThat(parked)
                .extracting(r -> KafkaTestClient.header(r, "dead-letter-reason"))
                .satisfiesExactly(
                        reason -> assertThat(reason)
                                .startsWith("wrong-worker: ")
                                .contains("the validator carries out", "from the migrator"),
                        reason -> assertThat(reason)
                                .startsWith("unknown-source: ")
                                .doesNotContain("intruder"))
                .allSatisfy(reason -> assertThat(reason).doesNotContain(payloadMarker));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(refused("wrong-worker")).isEqualTo(wrongWorkerBefore + 1);
            assertThat(refused("unknown-source")).isEqualTo(unknownSourceBefore + 1);
        });
        assertThat(given().auth()
                        .oauth2(deployer())
                        .when()
                        .get(location)
                        .then()
                        .extract()
                        .asString())
                .isEqualTo(before);
        assertThat(Files.readString(Path.of("target/coordinator-test.log")))
                .contains("event refused, sent to runway-events-dlq")
                .doesNotContain(payloadMarker, "intruder");

        KAFKA.sendRaw(Topics.EVENTS, id.toString(), event(id, preFlight, "validator", "3 of 3 checks passed"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth()
                        .oauth2(deployer())
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("GO_NO_GO")));
    }

    private static String spec(String application) throws IOException {
        try (InputStream in = WorkerEventConsumerIT.class.getResourceAsStream("/release-spec.json")) {
            ObjectNode spec = (ObjectNode) RunwayJson.wire().readTree(in);
            return spec.put("application", application).toString();
        }
    }

    private static String event(UUID release, Command command, String source, String summary) throws IOException {
        return RunwayJson.wire()
                .writeValueAsString(Event.of(
                        UUID.randomUUID(),
                        release,
                        command.commandId(),
                        Instant.now(),
                        source,
                        new StepSucceeded(
                                summary, List.of(), Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2"))));
    }

    /** {@code runway_events_refused_total} for {@code reason}, 0 before the first refusal. */
    private static double refused(String reason) {
        String prefix = "runway_events_refused_total{reason=\"" + reason + "\"} ";
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(prefix.length()).trim()))
                .sum();
    }

    private static Command read(String json) throws IOException {
        return RunwayJson.wire().readValue(json, Command.class);
    }
}
