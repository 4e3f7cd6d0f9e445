package dev.runway.coordinator.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.coordinator.phase.Worker;
import dev.runway.coordinator.rest.TargetsProfile;
import dev.runway.coordinator.rest.Tokens;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Command;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's second path when a rollback announcement reaches nobody, on the real broker and database, with
 * PagerDuty's Events API played by WireMock. No notifier runs: the tests answer for it, or stay silent as a notifier
 * that is down would.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PagerDutyStandIn.class)
@TestProfile(FallbackPagingProfile.class)
class FallbackPagingIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    /** runway.coordinator.rollback-announcement-timeout in {@link FallbackPagingProfile}. */
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KAFKA);
    }

    @Test
    void aSilentNotifierLeavesRollbackInitiatedUnansweredAndTheCoordinatorPagesOnceUnderItsOwnKey() throws Exception {
        UUID id = rollingBack(FallbackPagingProfile.APPLICATION);
        Command initiated = announce(id, Announcement.ROLLBACK_INITIATED);
        String dedupKey = "runway-" + id + "-fallback-rollback_initiated";

        List<LoggedRequest> pages = await().atMost(DEADLINE.plusSeconds(15)).until(() -> pages(id), p -> !p.isEmpty());

        LoggedRequest page = pages.get(0);
        Instant pagedAt = page.getLoggedDate().toInstant();
        System.out.printf(
                "ROLLBACK INITIATED sent at %s, paged directly %d ms later (deadline %d ms)%n",
                initiated.issuedAt(),
                Duration.between(initiated.issuedAt(), pagedAt).toMillis(),
                DEADLINE.toMillis());
        assertThat(pagedAt).isAfterOrEqualTo(initiated.issuedAt().plus(DEADLINE));
        assertThat(pagedAt).isBefore(initiated.issuedAt().plus(DEADLINE).plusSeconds(5));
        JsonNode event = RunwayJson.wire().readTree(page.getBodyAsString());
        assertThat(event.path("routing_key").asText()).isEqualTo(FallbackPagingProfile.ROUTING_KEY);
        assertThat(event.path("event_action").asText()).isEqualTo("trigger");
        assertThat(event.path("dedup_key").asText()).isEqualTo(dedupKey);
        assertThat(event.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(event.path("payload").path("source").asText())
                .isEqualTo("runway/" + FallbackPagingProfile.APPLICATION + "/production");
        assertThat(event.path("payload").path("summary").asText())
                .startsWith("ROLLBACK INITIATED for " + FallbackPagingProfile.APPLICATION + " 1.4.0 in production"
                        + " reached nobody: the notifier did not answer by");

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(notice(id, Announcement.ROLLBACK_INITIATED)
                                .path("fallback")
                                .path("delivery")
                                .path("outcome")
                                .asText())
                        .isEqualTo("DELIVERED"));
        JsonNode notice = notice(id, Announcement.ROLLBACK_INITIATED);
        assertThat(notice.path("status").asText()).isEqualTo("UNANSWERED");
        assertThat(notice.path("fallback").path("dedupKey").asText()).isEqualTo(dedupKey);
        assertThat(notice.path("fallback").path("delivery").path("httpStatus").asInt())
                .isEqualTo(202);
        assertThat(notice.path("outcome").asText())
                .contains("not answered by the notifier", "paged PagerDuty directly (dedup key " + dedupKey + ")");
        // ticks every second go on: the page is neither repeated nor re-keyed
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> pages(id).size() == 1);
        assertThat(undelivered(FallbackPagingProfile.APPLICATION, "ROLLBACK_INITIATED", "paged"))
                .isEqualTo(1.0);

        List<String> audit = KAFKA.rawValues(
                Topics.AUDIT,
                id.toString(),
                values ->
                        values.stream().anyMatch(v -> v.contains("delivered to PagerDuty service 'fallback-paging'")));
        assertThat(audit).anyMatch(v -> v.contains("paging PagerDuty directly (dedup key " + dedupKey + ")"));
        assertRoutingKeyIsNowhereButTheRequest(id, audit);
    }

    @Test
    void anAnswerShowingChatAndTheNotifiersPageBothFailedIsPagedDirectlyAtOnce() throws Exception {
        UUID id = rollingBack(FallbackPagingProfile.ESCALATED_APPLICATION);
        Command initiated = announce(id, Announcement.ROLLBACK_INITIATED);
        Instant now = Instant.now();
        answer(
                id,
                initiated,
                new Announced(
                        Announcement.ROLLBACK_INITIATED,
                        List.of(
                                new Delivery(Delivery.Route.CHAT, "default", Delivery.Outcome.UNREACHABLE, 503, 4, now),
                                new Delivery(
                                        Delivery.Route.PAGING, "default", Delivery.Outcome.UNREACHABLE, 503, 4, now)),
                        new Delivery(Delivery.Route.PAGING, "default", Delivery.Outcome.UNREACHABLE, 503, 4, now)));

        List<LoggedRequest> pages = await().atMost(Duration.ofSeconds(15)).until(() -> pages(id), p -> !p.isEmpty());

        assertThat(pages.get(0).getLoggedDate().toInstant())
                .isBefore(initiated.issuedAt().plus(DEADLINE));
        JsonNode event = RunwayJson.wire().readTree(pages.get(0).getBodyAsString());
        assertThat(event.path("dedup_key").asText()).isEqualTo("runway-" + id + "-fallback-rollback_initiated");
        assertThat(event.path("payload").path("summary").asText())
                .contains("chat and the notifier's own page both failed");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode notice = notice(id, Announcement.ROLLBACK_INITIATED);
            assertThat(notice.path("status").asText()).isEqualTo("NOT_DELIVERED");
            assertThat(notice.path("fallback").path("delivery").path("outcome").asText())
                    .isEqualTo("DELIVERED");
        });
        await().during(DEADLINE.plusSeconds(2))
                .atMost(DEADLINE.plusSeconds(4))
                .until(() -> pages(id).size() == 1);
    }

    @Test
    void aPagePagerDutyRefusesIsParkedAfterItsAttemptsAndTheNoticeAndTheAlertMetricSaySo() throws Exception {
        UUID id = rollingBack(FallbackPagingProfile.REFUSED_APPLICATION);

        await().atMost(DEADLINE.plusSeconds(30))
                .untilAsserted(() -> assertThat(notice(id, Announcement.ROLLBACK_INITIATED)
                                .path("fallback")
                                .path("delivery")
                                .path("outcome")
                                .asText())
                        .isEqualTo("REFUSED"));

        JsonNode delivery =
                notice(id, Announcement.ROLLBACK_INITIATED).path("fallback").path("delivery");
        assertThat(delivery.path("httpStatus").asInt()).isEqualTo(400);
        // runway.coordinator.outbox-max-attempts in tests
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(pages(id)).hasSize(3);
        assertThat(undelivered(FallbackPagingProfile.REFUSED_APPLICATION, "ROLLBACK_INITIATED", "failed"))
                .isEqualTo(1.0);
        try (Connection c = OutboxIT.connect();
                PreparedStatement s = c.prepareStatement("SELECT last_error, parked_at FROM outbox"
                        + " WHERE release_id = ? AND topic = '" + PagerDutyFallback.DESTINATION + "'")) {
            s.setObject(1, id);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("last_error"))
                        .contains("PagerDuty answered 400 Event object is invalid", "'[routing key]'")
                        .doesNotContain(FallbackPagingProfile.ROUTING_KEY);
                assertThat(rows.getObject("parked_at")).isNotNull();
            }
        }
        assertThat(Files.readString(Path.of("target/coordinator-test.log")))
                .contains("PagerDuty answered 400")
                .doesNotContain(FallbackPagingProfile.ROUTING_KEY);
    }

    /** The routing key went to PagerDuty, and nowhere else: not the view, the log, the audit stream or the outbox. */
    private static void assertRoutingKeyIsNowhereButTheRequest(UUID id, List<String> audit) throws Exception {
        String key = FallbackPagingProfile.ROUTING_KEY;
        assertThat(given().auth()
                        .oauth2(viewer())
                        .when()
                        .get("/releases/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("fallback-paging")
                .doesNotContain(key);
        assertThat(Files.readString(Path.of("target/coordinator-test.log"))).doesNotContain(key);
        assertThat(audit).isNotEmpty().noneMatch(v -> v.contains(key));
        try (Connection c = OutboxIT.connect();
                PreparedStatement s = c.prepareStatement("SELECT payload, headers, last_error FROM outbox"
                        + " WHERE release_id = ? AND topic = '" + PagerDutyFallback.DESTINATION + "'")) {
            s.setObject(1, id);
            List<String> stored = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            assertThat(stored).singleElement().asString().contains("dedup_key").doesNotContain(key);
        }
    }

    /**
     * Starts a release of {@code application} and answers every command until its rollout fails halfway, having
     * reported the revision to return to: the release rolls back and announces ROLLBACK INITIATED.
     */
    static UUID rollingBack(String application) throws IOException {
        String location = given().auth()
                .oauth2(Tokens.of("dana-deployer", "deployer"))
                .contentType("application/json")
                .body(spec(application))
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        answer(
                id,
                commands(id, Topics.VALIDATION_COMMANDS, 1).get(0),
                new StepSucceeded("done", List.of(), Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        allVoteGo(location);
        answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), new StepSucceeded("done", List.of(), Map.of()));
        answer(id, commands(id, Topics.MIGRATION_COMMANDS, 1).get(0), new StepSucceeded("done", List.of(), Map.of()));
        Command rollout = commands(id, Topics.ROLLOUT_COMMANDS, 1).get(0);
        answer(
                id,
                rollout,
                new StepProgressed(
                        "1 of 3 updated replicas are available",
                        List.of(new Measurement(
                                StepSucceeded.Outputs.PREVIOUS_REVISION,
                                "4",
                                "revision",
                                Measurement.Status.SUCCESSFUL,
                                Instant.now()))));
        answer(id, rollout, new StepFailed("progress deadline exceeded", List.of()));
        return id;
    }

    /** The four roles vote GO, the DBA with the migrations' hash the release shows. */
    private static void allVoteGo(String location) {
        String hash = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> given().auth()
                                .oauth2(viewer())
                                .when()
                                .get(location)
                                .then()
                                .extract()
                                .path("vote.migrationsHash"),
                        h -> h != null);
        vote(Tokens.of("lee-lead", "deployment-lead"), location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}");
        vote(Tokens.of("sam-devops", "devops"), location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}");
        vote(
                Tokens.of("alex-manager", "engineering-manager"),
                location,
                "{\"role\":\"ENGINEERING_MANAGER\",\"decision\":\"GO\"}");
        vote(
                Tokens.of("kim-dba", "dba"),
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
                .statusCode(200);
    }

    private static String viewer() {
        return Tokens.of("val-viewer", "viewer");
    }

    private static String spec(String application) throws IOException {
        try (InputStream in = FallbackPagingIT.class.getResourceAsStream("/release-spec.json")) {
            ObjectNode spec = (ObjectNode) RunwayJson.wire().readTree(in);
            return spec.put("application", application).toString();
        }
    }

    /** The Announce command of {@code announcement} the release sent to the notifier. */
    static Command announce(UUID release, Announcement announcement) {
        return KAFKA
                .rawValues(
                        Topics.NOTIFICATION_COMMANDS,
                        release.toString(),
                        values -> values.stream()
                                .map(FallbackPagingIT::read)
                                .anyMatch(c -> c.body() instanceof Announce a && a.announcement() == announcement))
                .stream()
                .map(FallbackPagingIT::read)
                .filter(c -> c.body() instanceof Announce a && a.announcement() == announcement)
                .findFirst()
                .orElseThrow();
    }

    static JsonNode notice(UUID release, Announcement announcement) throws IOException {
        String view = given().auth()
                .oauth2(viewer())
                .when()
                .get("/releases/" + release)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (JsonNode notice : RunwayJson.wire().readTree(view).path("notices")) {
            if (notice.path("announcement").asText().equals(announcement.name())) {
                return notice;
            }
        }
        throw new AssertionError("no " + announcement + " notice in " + view);
    }

    /** The pages PagerDuty received about {@code release}. */
    static List<LoggedRequest> pages(UUID release) {
        return PagerDutyStandIn.server.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).stream()
                .filter(r -> r.getBodyAsString().contains("runway-" + release + "-fallback-"))
                .toList();
    }

    static double undelivered(String application, String announcement, String fallback) {
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith("runway_rollback_announcements_undelivered_total{")
                        && line.contains("application=\"" + application + "\"")
                        && line.contains("announcement=\"" + announcement + "\"")
                        && line.contains("fallback=\"" + fallback + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

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

    /** The release's commands on {@code topic}, once {@code count} have arrived. */
    private static List<Command> commands(UUID release, String topic, int count) {
        return KAFKA.rawValues(topic, release.toString(), values -> values.size() >= count).stream()
                .map(FallbackPagingIT::read)
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
