package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.coordinator.messaging.AuditFeed;
import dev.runway.coordinator.phase.Worker;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(EventsProfile.class)
class ReleaseEventsIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    private static final String ROLLOUT_PROGRESS = "2 of 3 updated replicas are available";

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KAFKA);
    }

    /** Signed on first use, inside the running application (see ReleaseApiIT.People). */
    private static final class People {
        static final String DEPLOYER = Tokens.of("dana-deployer", "deployer");
        static final String VIEWER = Tokens.of("val-viewer", "viewer");
        static final String LEAD = Tokens.of("lee-lead", "deployment-lead");
        static final String DEVOPS = Tokens.of("sam-devops", "devops");
        static final String DBA = Tokens.of("kim-dba", "dba");
        static final String MANAGER = Tokens.of("alex-manager", "engineering-manager");

        static List<String> all() {
            return List.of(DEPLOYER, VIEWER, LEAD, DEVOPS, DBA, MANAGER);
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    AuditFeed feed;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void watchersSeeTheReleaseThenEachTransitionWithTheFreshReleaseIncludingTheRolloutsProgress() throws Exception {
        String location = start(EventsProfile.WATCHED);
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        try (Stream lead = open(id, People.LEAD);
                Stream viewer = open(id, People.VIEWER)) {
            for (Stream stream : List.of(lead, viewer)) {
                SseEvent first = stream.awaitEvents(1).get(0);
                assertThat(first.name()).isEqualTo("release");
                JsonNode view = json(first.data());
                assertThat(view.path("id").asText()).isEqualTo(id.toString());
                assertThat(view.path("status").asText()).isEqualTo("RUNNING");
                assertThat(view.path("currentPhase").asText()).isEqualTo("PRE_FLIGHT_CHECKS");
            }

            answer(
                    id,
                    commands(id, Topics.VALIDATION_COMMANDS, 1).get(0),
                    new StepSucceeded(
                            "3 of 3 checks passed",
                            List.of(),
                            Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
            allVoteGo(location);
            answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), succeeded());
            answer(id, commands(id, Topics.MIGRATION_COMMANDS, 1).get(0), succeeded());
            Command rollout = commands(id, Topics.ROLLOUT_COMMANDS, 1).get(0);
            answer(id, rollout, new StepProgressed(ROLLOUT_PROGRESS, List.of()));

            List<SseEvent> seen = lead.awaitTransition(ROLLOUT_PROGRESS);
            List<SseEvent> seenToo = viewer.awaitTransition(ROLLOUT_PROGRESS);

            assertThat(seen.get(0).name()).isEqualTo("release");
            List<Long> ids = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            for (int i = 1; i < seen.size(); i += 2) {
                SseEvent transition = seen.get(i);
                assertThat(transition.name()).as("event %d", i).isEqualTo("transition");
                JsonNode data = json(transition.data());
                assertThat(data.path("releaseId").asText()).isEqualTo(id.toString());
                assertThat(data.path("sequence").asLong()).isEqualTo(Long.parseLong(transition.id()));
                ids.add(data.path("sequence").asLong());
                statuses.add(data.path("status").asText());
                SseEvent after = seen.get(i + 1);
                assertThat(after.name()).as("event %d", i + 1).isEqualTo("release");
                assertThat(json(after.data()).path("id").asText()).isEqualTo(id.toString());
            }
            assertThat(ids)
                    .isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates()
                    .hasSizeGreaterThan(3);
            assertThat(statuses).containsOnly("RUNNING");
            JsonNode progress = json(seen.get(seen.size() - 2).data());
            assertThat(progress.path("phase").asText()).isEqualTo("APPLICATION_DEPLOYMENT");
            assertThat(progress.path("phaseStatus").asText()).isEqualTo("RUNNING");
            assertThat(progress.path("reason").asText()).isEqualTo(ROLLOUT_PROGRESS);
            JsonNode fresh = json(seen.get(seen.size() - 1).data());
            assertThat(fresh.path("currentPhase").asText()).isEqualTo("APPLICATION_DEPLOYMENT");
            assertThat(fresh.path("timeline").findValuesAsText("notes")).contains(ROLLOUT_PROGRESS);

            assertThat(transitions(seenToo)).isEqualTo(transitions(seen));
            await().atMost(Duration.ofSeconds(10)).until(() -> lead.lines().contains(": keep-alive"));
            assertThat(lead.lines())
                    .allMatch(line ->
                            line.isEmpty() || line.equals(": keep-alive") || line.matches("^(event|id|data):.*"));
            for (String line : lead.lines()) {
                for (String token : People.all()) {
                    assertThat(line).doesNotContain(token);
                }
                assertThat(line).doesNotContain("test-fallback-routing-key");
            }
        }
    }

    @Test
    void aClientThatLeavesIsNoLongerFed() throws Exception {
        String location = start(EventsProfile.LEFT);
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        int before = feed.subscribers();

        Stream stream = open(id, People.VIEWER);
        stream.awaitEvents(1);
        assertThat(feed.subscribers()).isEqualTo(before + 1);
        stream.close();

        await().atMost(Duration.ofSeconds(15)).until(() -> feed.subscribers() == before);
    }

    @Test
    void anUnknownReleaseIsA404ProblemAndAMalformedIdA400BeforeAnyStream() {
        given().auth()
                .oauth2(People.VIEWER)
                .accept("text/event-stream")
                .when()
                .get("/releases/" + UUID.randomUUID() + "/events")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", endsWith("/release-not-found"));
        given().auth()
                .oauth2(People.VIEWER)
                .accept("text/event-stream")
                .when()
                .get("/releases/not-a-uuid/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-release-id"));
    }

    @Test
    void theStreamNeedsAValidTokenWithARunwayRole() {
        String path = "/releases/" + UUID.randomUUID() + "/events";
        given().accept("text/event-stream").when().get(path).then().statusCode(401);
        given().auth()
                .oauth2("not.a.token")
                .accept("text/event-stream")
                .when()
                .get(path)
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(Tokens.of("pat", "payroll-admins"))
                .accept("text/event-stream")
                .when()
                .get(path)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    // ---- the client side of the stream

    record SseEvent(String name, String id, String data) {}

    /** One open stream, read line by line on its own thread as the server writes. */
    final class Stream implements AutoCloseable {
        private final InputStream body;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final List<SseEvent> events = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Stream(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String name = null;
            String eventId = null;
            StringBuilder data = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new SseEvent(name == null ? "message" : name, eventId, data.toString()));
                        }
                        name = null;
                        eventId = null;
                        data = null;
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + 1);
                        value = value.startsWith(" ") ? value.substring(1) : value;
                        switch (field) {
                            case "event" -> name = value;
                            case "id" -> eventId = value;
                            case "data" ->
                                data = data == null
                                        ? new StringBuilder(value)
                                        : data.append('\n').append(value);
                            default -> {}
                        }
                    }
                }
            } catch (IOException closed) {
                // the test closed the stream
            }
        }

        List<SseEvent> awaitEvents(int count) {
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= count);
            return List.copyOf(events);
        }

        /** The events up to and including the release event that follows the transition with this reason. */
        List<SseEvent> awaitTransition(String reason) {
            return await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                List<SseEvent> now = List.copyOf(events);
                                for (int i = 0; i + 1 < now.size(); i++) {
                                    if ("transition".equals(now.get(i).name())
                                            && reason.equals(json(now.get(i).data())
                                                    .path("reason")
                                                    .asText())) {
                                        return now.subList(0, i + 2);
                                    }
                                }
                                return null;
                            },
                            found -> found != null);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() throws IOException {
            body.close();
            reader.interrupt();
        }
    }

    private Stream open(UUID release, String token) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(base.resolve("/releases/" + release + "/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        return new Stream(response.body());
    }

    /** The transitions after the release's start (sequences 1 and 2), which may precede a stream. */
    private static List<String> transitions(List<SseEvent> events) {
        return events.stream()
                .filter(e -> e.name().equals("transition") && Long.parseLong(e.id()) > 2)
                .map(e -> e.id() + " " + e.data())
                .toList();
    }

    private static JsonNode json(String data) {
        try {
            return RunwayJson.wire().readTree(data);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + data, e);
        }
    }

    // ---- driving a release, as ReleaseApiIT does

    private static String start(String application) throws IOException {
        return given().auth()
                .oauth2(People.DEPLOYER)
                .contentType("application/json")
                .body(ReleaseApiIT.spec(application).toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
    }

    /** The four people vote GO, the DBA with the migrations' hash the release shows. */
    private static void allVoteGo(String location) {
        String hash = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> given().auth()
                                .oauth2(People.VIEWER)
                                .when()
                                .get(location)
                                .then()
                                .extract()
                                .path("vote.migrationsHash"),
                        h -> h != null);
        vote(People.LEAD, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}");
        vote(People.DEVOPS, location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}");
        vote(People.MANAGER, location, "{\"role\":\"ENGINEERING_MANAGER\",\"decision\":\"GO\"}");
        vote(
                People.DBA,
                location,
                "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"GO\",\"migrationsHash\":\"" + hash + "\"}");
    }

    private static void vote(String token, String location, String body) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .when()
                .post(location + "/votes")
                .then()
                .statusCode(200)
                .body("id", equalTo(location.substring(location.lastIndexOf('/') + 1)));
    }

    private static StepSucceeded succeeded() {
        return new StepSucceeded("done", List.of(), Map.of());
    }

    /** What the worker that carries out {@code command} would publish. */
    private static void answer(UUID release, Command command, EventBody body) throws IOException {
        KAFKA.sendRaw(
                Topics.EVENTS,
                release.toString(),
                RunwayJson.wire()
                        .writeValueAsString(Event.of(
                                UUID.randomUUID(),
                                release,
                                command.commandId(),
                                Instant.now(),
                                Worker.consuming(command.topic()).id(),
                                body)));
    }

    private static List<Command> commands(UUID release, String topic, int count) {
        return KAFKA.rawValues(topic, release.toString(), values -> values.size() >= count).stream()
                .map(json -> {
                    try {
                        return RunwayJson.wire().readValue(json, Command.class);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
