package dev.runway.notifier.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.runway.notifier.support.WireMockResource.DEFAULT_ROUTING_KEY;
import static dev.runway.notifier.support.WireMockResource.DEFAULT_WEBHOOK_PATH;
import static dev.runway.notifier.support.WireMockResource.DEPLOYMENTS_WEBHOOK_PATH;
import static dev.runway.notifier.support.WireMockResource.EVENTS_PATH;
import static dev.runway.notifier.support.WireMockResource.ROUTING_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Announce.Facts;
import dev.runway.model.command.Command;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepStarted;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.notifier.Notifier;
import dev.runway.notifier.support.TestLog;
import dev.runway.notifier.support.WireMockResource;
import dev.runway.worker.CommandIntake;
import dev.runway.worker.EventPublisher;
import dev.runway.worker.HandledCommands;
import dev.runway.worker.KafkaHandledLog;
import dev.runway.worker.WorkerConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The notifier as the coordinator sees it: commands in on real Kafka, Slack and PagerDuty stood in by WireMock. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WireMockResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationMessagingIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    private static final List<String> SECRETS =
            List.of(DEPLOYMENTS_WEBHOOK_PATH, DEFAULT_WEBHOOK_PATH, "s3cr3t", ROUTING_KEY, DEFAULT_ROUTING_KEY);

    private final WireMockServer wireMock = WireMockResource.server();

    @Inject
    Notifier notifier;

    @Inject
    EventPublisher publisher;

    @Inject
    WorkerConfig workerConfig;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    @BeforeAll
    static void createTopics() {
        KafkaBrokerResource.broker()
                .createTopics(
                        List.of(
                                Topics.NOTIFICATION_COMMANDS,
                                Topics.EVENTS,
                                Topics.deadLetter(Topics.NOTIFICATION_COMMANDS)),
                        1);
    }

    @Test
    @Order(1)
    void aRollbackIsPostedToSlackAndTriggersAPagerDutyIncident() throws Exception {
        String app = application();
        Command command = announce(UUID.randomUUID(), Announcement.ROLLBACK_INITIATED, app);

        send(command);
        List<Event> events = awaitConclusions(command.releaseId(), 1);

        assertThat(events)
                .extracting(e -> (Object) e.body().getClass())
                .containsExactly(StepStarted.class, Announced.class);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.commandId()).isEqualTo(command.commandId());
            assertThat(e.source()).isEqualTo("notifier");
        });
        assertThat(((Announced) events.get(1).body()).deliveries())
                .extracting(Delivery::route, Delivery::target, Delivery::outcome, Delivery::httpStatus)
                .containsExactly(
                        tuple(Delivery.Route.CHAT, "deployments", Delivery.Outcome.DELIVERED, 200),
                        tuple(Delivery.Route.PAGING, "shop-oncall", Delivery.Outcome.DELIVERED, 202));

        List<LoggedRequest> posts = slackPosts(DEPLOYMENTS_WEBHOOK_PATH, app);
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).getHeader("Content-Type")).startsWith("application/json");
        JsonNode slack = RunwayJson.wire().readTree(posts.get(0).getBodyAsString());
        assertThat(slack.get("text").asText())
                .startsWith("🚨 ROLLBACK INITIATED")
                .contains("Reason: /health answered 503");
        assertThat(slack.at("/blocks/0/type").asText()).isEqualTo("section");
        assertThat(slack.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(slack.at("/blocks/0/text/text").asText()).contains("ROLLBACK INITIATED");

        List<LoggedRequest> pages = pagerDutyEvents(command.releaseId());
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).getHeader("Content-Type")).startsWith("application/json");
        JsonNode trigger = RunwayJson.wire().readTree(pages.get(0).getBodyAsString());
        assertThat(trigger.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("runway-" + command.releaseId());
        JsonNode payload = trigger.get("payload");
        assertThat(payload.get("summary").asText()).contains(app, "v1.4.0", "production", "/health answered 503");
        assertThat(payload.get("source").asText()).isEqualTo("runway/" + app + "/production");
        assertThat(payload.get("severity").asText()).isEqualTo("error");
        assertThat(Instant.parse(payload.get("timestamp").asText())).isEqualTo(command.issuedAt());
        assertThat(payload.get("component").asText()).isEqualTo(app);
        assertThat(payload.get("group").asText()).isEqualTo("production");
        assertThat(payload.get("class").asText()).isEqualTo("deployment-rollback");
        assertThat(payload.at("/custom_details/reason").asText()).isEqualTo("/health answered 503");
        assertThat(payload.at("/custom_details/previousVersion").asText()).isEqualTo("1.3.2");
    }

    @Test
    @Order(2)
    void aCompletedRollbackResolvesTheIncidentWithTheSameDedupKey() throws Exception {
        String app = application();
        UUID release = UUID.randomUUID();
        send(announce(release, Announcement.ROLLBACK_INITIATED, app));
        send(announce(release, Announcement.ROLLBACK_COMPLETE, app));

        List<Event> events = awaitConclusions(release, 2);

        assertThat(events.stream().filter(e -> e.body().concludes()))
                .allSatisfy(e -> assertThat(e.body())
                        .isInstanceOfSatisfying(
                                Announced.class,
                                a -> assertThat(a.allDelivered()).isTrue()));
        List<LoggedRequest> pages = pagerDutyEvents(release);
        assertThat(pages).hasSize(2);
        JsonNode resolve = RunwayJson.wire().readTree(pages.get(1).getBodyAsString());
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(resolve.get("dedup_key").asText())
                .isEqualTo(RunwayJson.wire()
                        .readTree(pages.get(0).getBodyAsString())
                        .get("dedup_key")
                        .asText())
                .isEqualTo("runway-" + release);
        assertThat(resolve.has("payload")).isFalse();
        assertThat(slackPosts(DEPLOYMENTS_WEBHOOK_PATH, app))
                .extracting(LoggedRequest::getBodyAsString)
                .anySatisfy(
                        body -> assertThat(body).contains("ROLLBACK COMPLETE", "Previous version restored: v1.3.2"));
    }

    @Test
    @Order(3)
    void aRedeliveredCommandIsPostedPagedAndAnsweredOnce() throws Exception {
        String app = application();
        Command command = announce(UUID.randomUUID(), Announcement.ROLLBACK_INITIATED, app);
        Command later = announce(command.releaseId(), Announcement.ROLLBACK_COMPLETE, app);

        send(command);
        send(command);
        // Same release, same partition: once the later command is answered, the redelivery has been read.
        send(later);
        // the redelivery publishes the recorded conclusion again, same event id, which the coordinator drops
        List<Event> events = awaitConclusions(command.releaseId(), 3);

        List<Event> ofCommand = events.stream()
                .filter(e -> e.commandId().equals(command.commandId()))
                .toList();
        assertThat(ofCommand)
                .extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly("StepStarted", "Announced", "Announced");
        assertThat(ofCommand.get(2)).isEqualTo(ofCommand.get(1));
        assertThat(events.stream().filter(e -> e.body().concludes()).map(Event::commandId))
                .containsExactly(command.commandId(), command.commandId(), later.commandId());
        assertThat(slackPosts(DEPLOYMENTS_WEBHOOK_PATH, app))
                .extracting(LoggedRequest::getBodyAsString)
                .satisfiesExactly(
                        first -> assertThat(first).contains("ROLLBACK INITIATED"),
                        second -> assertThat(second).contains("ROLLBACK COMPLETE"));
        List<LoggedRequest> pages = pagerDutyEvents(command.releaseId());
        assertThat(pages).hasSize(2);
        assertThat(RunwayJson.wire()
                        .readTree(pages.get(0).getBodyAsString())
                        .get("event_action")
                        .asText())
                .isEqualTo("trigger");
        assertThat(RunwayJson.wire()
                        .readTree(pages.get(1).getBodyAsString())
                        .get("event_action")
                        .asText())
                .isEqualTo("resolve");
    }

    @Test
    @Order(4)
    void aSlackErrorIsRetriedAndReportedAsNotDeliveredWithoutNamingTheWebhook() {
        String app = application();
        // Slack's body echoes the path here to prove the notifier masks what a provider sends back.
        wireMock.stubFor(post(urlPathMatching("/services/.*"))
                .atPriority(1)
                .withRequestBody(containing(app))
                .willReturn(aResponse().withStatus(500).withBody("internal_error at " + DEPLOYMENTS_WEBHOOK_PATH)));
        Command command = announce(UUID.randomUUID(), Announcement.DEPLOYMENT_STARTED, app);

        send(command);
        List<Event> events = awaitConclusions(command.releaseId(), 1);

        Announced announced = (Announced) events.get(events.size() - 1).body();
        assertThat(announced.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.UNREACHABLE);
            assertThat(d.httpStatus()).isEqualTo(500);
            assertThat(d.attempts()).isEqualTo(4);
        });
        assertThat(slackPosts(DEPLOYMENTS_WEBHOOK_PATH, app)).hasSize(4);
        assertThat(json(events)).doesNotContain(DEPLOYMENTS_WEBHOOK_PATH, "s3cr3t", wireMock.baseUrl());
    }

    @Test
    @Order(5)
    void pagerDutyIsRetriedAfterAServerErrorButNotAfterABadRequest() {
        String retried = application();
        UUID retriedRelease = UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(EVENTS_PATH))
                .atPriority(1)
                .inScenario(retried)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("runway-" + retriedRelease)))
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        UUID refusedRelease = UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo(EVENTS_PATH))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("runway-" + refusedRelease)))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                                + "\"errors\":[\"routing_key " + ROUTING_KEY + " unknown\"]}")));

        send(announce(retriedRelease, Announcement.ROLLBACK_INITIATED, retried));
        send(announce(refusedRelease, Announcement.ROLLBACK_FAILED, application()));

        Announced retriedOutcome = (Announced) awaitConclusions(retriedRelease, 1).stream()
                .reduce((first, second) -> second)
                .orElseThrow()
                .body();
        assertThat(retriedOutcome.deliveries().get(1))
                .extracting(Delivery::outcome, Delivery::httpStatus, Delivery::attempts)
                .containsExactly(Delivery.Outcome.DELIVERED, 202, 2);
        assertThat(pagerDutyEvents(retriedRelease)).hasSize(2);
        List<Event> refused = awaitConclusions(refusedRelease, 1);
        Announced refusedOutcome = (Announced) refused.get(refused.size() - 1).body();
        assertThat(refusedOutcome.deliveries().get(1))
                .extracting(Delivery::outcome, Delivery::httpStatus, Delivery::attempts)
                .containsExactly(Delivery.Outcome.REFUSED, 400, 1);
        assertThat(json(refused)).doesNotContain(ROUTING_KEY);
        assertThat(pagerDutyEvents(refusedRelease)).hasSize(1);
    }

    @Test
    @Order(6)
    void anUnreadableMessageIsParkedOnTheDeadLetterTopicAndTheNextCommandIsStillAnnounced() {
        String key = "malformed-" + UUID.randomUUID();
        KAFKA.sendRaw(Topics.NOTIFICATION_COMMANDS, key, "{\"schemaVersion\":1,\"body\":");
        Command next = announce(UUID.randomUUID(), Announcement.DEPLOYMENT_COMPLETE, application());
        send(next);

        List<String> parked = KAFKA.rawValues(Topics.deadLetter(Topics.NOTIFICATION_COMMANDS), key, v -> !v.isEmpty());
        assertThat(parked).containsExactly("{\"schemaVersion\":1,\"body\":");
        assertThat(awaitConclusions(next.releaseId(), 1))
                .last()
                .extracting(Event::body)
                .isInstanceOf(Announced.class);
    }

    @Test
    @Order(7)
    void noSecretAppearsInAnyEventOrLogLine() {
        String app = application();
        UUID release = UUID.randomUUID();
        wireMock.stubFor(post(urlPathMatching("/services/.*"))
                .atPriority(1)
                .withRequestBody(containing(app))
                .willReturn(aResponse().withStatus(404).withBody("no_service " + DEFAULT_WEBHOOK_PATH)));
        wireMock.stubFor(post(urlEqualTo(EVENTS_PATH))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("runway-" + release)))
                .willReturn(aResponse().withStatus(500).withBody("upstream failed for " + DEFAULT_ROUTING_KEY)));
        Command command = Command.of(
                UUID.randomUUID(),
                release,
                Instant.now(),
                Phase.SERVICE_VALIDATION,
                new Announce(
                        Announcement.ROLLBACK_INITIATED,
                        app,
                        "production",
                        "1.4.0",
                        NotificationTargets.DEFAULTS,
                        Map.of(Facts.REASON, "error rate above 5%")));

        send(command);
        awaitConclusions(release, 1);

        List<String> everyEvent = KAFKA.rawValues(
                Topics.EVENTS,
                values -> values.stream().anyMatch(v -> v.contains(release.toString()) && v.contains("Announced")));
        assertThat(everyEvent)
                .allSatisfy(event -> SECRETS.forEach(secret -> assertThat(event).doesNotContain(secret)));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestLog.read().contains(release.toString()));
        String log = TestLog.read();
        assertThat(log).contains("retrying");
        SECRETS.forEach(secret -> assertThat(log).doesNotContain(secret));
    }

    @Test
    @Order(8)
    void afterARestartARedeliveredAnnouncementIsNeitherPostedNorPagedAgain() throws Exception {
        String app = application();
        Command command = announce(UUID.randomUUID(), Announcement.ROLLBACK_INITIATED, app);
        send(command);
        awaitConclusions(command.releaseId(), 1);

        // A restarted notifier reads its handled-commands log and publishes the recorded conclusion again.
        try (KafkaHandledLog log = new KafkaHandledLog(
                kafkaSettings, workerConfig.handledCommands().topic(), Duration.ofSeconds(30))) {
            HandledCommands handled = new HandledCommands(log, 10);
            handled.load();
            new CommandIntake(handled, publisher, Clock.systemUTC(), "notifier")
                    .accept(
                            new ConsumerRecord<>(
                                    command.topic(),
                                    0,
                                    0L,
                                    command.releaseId().toString(),
                                    RunwayJson.wire().writeValueAsString(command)),
                            notifier);
        }

        List<Event> conclusions = awaitConclusions(command.releaseId(), 2).stream()
                .filter(e -> e.body().concludes())
                .toList();
        assertThat(conclusions)
                .extracting(Event::eventId)
                .containsExactly(
                        conclusions.get(0).eventId(), conclusions.get(0).eventId());
        assertThat(slackPosts(DEPLOYMENTS_WEBHOOK_PATH, app)).hasSize(1);
        assertThat(pagerDutyEvents(command.releaseId())).hasSize(1);
    }

    private static String application() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Command announce(UUID release, Announcement announcement, String application) {
        return Command.of(
                UUID.randomUUID(),
                release,
                Instant.parse("2026-11-26T14:20:00Z"),
                Phase.SERVICE_VALIDATION,
                new Announce(
                        announcement,
                        application,
                        "production",
                        "1.4.0",
                        new NotificationTargets("deployments", "shop-oncall"),
                        Map.of(Facts.REASON, "/health answered 503", Facts.PREVIOUS_VERSION, "1.3.2")));
    }

    private static void send(Command command) {
        KAFKA.send(command);
    }

    private static List<Event> awaitConclusions(UUID release, int count) {
        return KAFKA.events(release, KafkaTestClient.concludedTimes(count));
    }

    private static String json(List<Event> events) {
        try {
            return RunwayJson.wire().writeValueAsString(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<LoggedRequest> slackPosts(String path, String application) {
        return wireMock.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing(application)));
    }

    private List<LoggedRequest> pagerDutyEvents(UUID release) {
        return wireMock.findAll(postRequestedFor(urlEqualTo(EVENTS_PATH))
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("runway-" + release))));
    }
}
