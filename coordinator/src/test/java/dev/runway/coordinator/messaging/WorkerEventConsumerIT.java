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
import dev.runway.infra.PostgresServer;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepProgressed;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        double deadLettersBefore = deadLetters();
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
            assertThat(deadLetters()).isEqualTo(deadLettersBefore + 2);
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

    @Test
    void eventsArrivingWhileTheDatabaseIsDownAreRetriedUntilItIsBackAndNoneIsLostOrDeadLettered() throws Exception {
        String location = given().auth()
                .oauth2(deployer())
                .contentType("application/json")
                .body(spec("outage-app"))
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Command preFlight = read(KAFKA.rawValues(Topics.VALIDATION_COMMANDS, id.toString(), v -> !v.isEmpty())
                .get(0));
        double deadLettersBefore = deadLetters();
        UUID progressed = UUID.randomUUID();
        UUID succeeded = UUID.randomUUID();

        try (Connection c = DriverManager.getConnection(
                PostgresResource.server().jdbcUrl("postgres"), PostgresServer.USER, PostgresServer.PASSWORD)) {
            refuseConnections(c, true);
            try {
                KAFKA.sendRaw(
                        Topics.EVENTS,
                        id.toString(),
                        RunwayJson.wire()
                                .writeValueAsString(Event.of(
                                        progressed,
                                        id,
                                        preFlight.commandId(),
                                        Instant.now(),
                                        "validator",
                                        new StepProgressed("1 of 3 checks passed", List.of()))));
                KAFKA.sendRaw(
                        Topics.EVENTS,
                        id.toString(),
                        RunwayJson.wire()
                                .writeValueAsString(Event.of(
                                        succeeded,
                                        id,
                                        preFlight.commandId(),
                                        Instant.now(),
                                        "validator",
                                        new StepSucceeded(
                                                "3 of 3 checks passed",
                                                List.of(),
                                                Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")))));
                // the database stays down until the consumer has tried the first event six times (at least 3 s)
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Files.readString(Path.of("target/coordinator-test.log"))
                                        .lines()
                                        .filter(line -> line.contains(
                                                "event " + progressed + " of release " + id + " not applied"))
                                        .count()
                                >= 6);
            } finally {
                refuseConnections(c, false);
            }
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().auth()
                        .oauth2(deployer())
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("GO_NO_GO")));
        try (Connection c = OutboxIT.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id IN (?, ?)")) {
            s.setObject(1, progressed);
            s.setObject(2, succeeded);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
        assertThat(OutboxIT.records(Topics.deadLetter(Topics.EVENTS)))
                .noneMatch(r -> id.toString().equals(r.key()));
        assertThat(deadLetters()).isEqualTo(deadLettersBefore);
    }

    /**
     * Stands for the database going down and coming back: the runway database refuses new connections and every
     * open one is ended. The server itself keeps running, since the test JVM's PostgreSQL cannot restart on its port.
     */
    private static void refuseConnections(Connection postgres, boolean refuse) throws SQLException {
        try (Statement s = postgres.createStatement()) {
            s.execute("ALTER DATABASE " + PostgresResource.DATABASE + " WITH ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + PostgresResource.DATABASE + "'");
            }
        }
    }

    /** Every {@code runway_dead_letters_total} series of runway-events, summed. */
    private static double deadLetters() {
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line ->
                        line.startsWith("runway_dead_letters_total{") && line.contains("topic=\"runway-events\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
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
