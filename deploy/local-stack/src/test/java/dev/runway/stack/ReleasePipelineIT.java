package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresServer;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.sandbox.ImageCatalogue;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline as in production: five services as separate JVMs on one real Kafka broker
 * and a real PostgreSQL server, deploying into the sandbox. Releases of one application run one
 * after another (the code freeze), so the tests are ordered. The first two are started, voted on and followed
 * through the runway CLI and the dashboard in headless Chromium ({@link OperatorTools}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasePipelineIT {

    static LocalStack stack;

    @BeforeAll
    static void startStack() throws IOException {
        Path root = Path.of(System.getProperty("runway.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path work = root.resolve("deploy/local-stack/target/it-stack");
        stack = LocalStack.start(root, work, false, unannouncedApplication());
        OperatorTools.open(stack, root, work);
    }

    /** Targets for {@code ledger}, announced in a chat channel the notifier does not have. */
    private static Map<String, String> unannouncedApplication() {
        String at = "runway.targets.\"ledger\".\"production\".";
        return Map.of(
                at + "namespace", "production",
                at + "deployment", "ledger",
                at + "container", "ledger",
                at + "service-url", "http://127.0.0.1:1/ledger",
                at + "database", LocalStack.SHOP_DATABASE,
                at + "config-map", "ledger-config",
                at + "registry", ImageCatalogue.REGISTRY_HOST,
                at + "repository", "shop",
                at + "chat-channel", "ledger-releases");
    }

    @AfterAll
    static void stopStack() {
        OperatorTools.close();
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aHealthyReleaseStartedWithTheCliAndVotedOnInTheDashboardRunsEveryPhaseToCompleted() throws Exception {
        CoordinatorClient coordinator = stack.coordinator();
        String id = OperatorTools.healthyReleaseStartedWithTheCliAndVotedOnInTheDashboard();
        JsonNode release = coordinator.awaitEnd(releaseUrl(id), Duration.ofSeconds(30));

        assertThat(release.path("status").asText())
                .as(TimelinePrinter.render(release))
                .isEqualTo("COMPLETED");
        List<String> statuses = new ArrayList<>();
        release.path("timeline")
                .forEach(row -> statuses.add(
                        row.path("stage").asText() + "=" + row.path("status").asText()));
        assertThat(statuses)
                .containsExactly(
                        "PRE_FLIGHT_CHECKS=SUCCEEDED",
                        "GO_NO_GO=SUCCEEDED",
                        "DEPLOYMENT_START=SUCCEEDED",
                        "DATABASE_MIGRATION=SUCCEEDED",
                        "APPLICATION_DEPLOYMENT=SUCCEEDED",
                        "CONFIGURATION_UPDATE=SUCCEEDED",
                        "SERVICE_VALIDATION=SUCCEEDED",
                        "CACHE_INVALIDATION=SKIPPED",
                        "SMOKE_TESTING=SUCCEEDED",
                        "MONITORING_VALIDATION=SUCCEEDED",
                        "POST_DEPLOYMENT_VERIFICATION=SUCCEEDED",
                        "DEPLOYMENT_COMPLETION=SUCCEEDED",
                        // the four GO votes, cast through the API by the demo users
                        "VOTE=SUCCEEDED",
                        "VOTE=SUCCEEDED",
                        "VOTE=SUCCEEDED",
                        "VOTE=SUCCEEDED");
        release.path("timeline").forEach(row -> {
            if (!"SKIPPED".equals(row.path("status").asText())) {
                assertThat(row.path("durationMillis").isNumber())
                        .as(row.toString())
                        .isTrue();
            }
        });
        assertThat(deployedImage()).isEqualTo(pinned(ImageCatalogue.SHOP_1_4_0_DIGEST));
        assertThat(columns()).contains("loyalty_points");
        JsonNode monitoring = row(release, "MONITORING_VALIDATION");
        assertThat(monitoring.path("notes").asText())
                .as(monitoring.toString())
                .containsPattern("test alert to PagerDuty service " + LocalStack.SHOP_PAGERDUTY_SERVICE_ID
                        + " listed as incident #1 after \\d+\\.\\d s <= 5\\.0 s, then resolved");
        assertThat(stack.stub().testAlerts())
                .extracting(e -> e.path("event_action").asText())
                .containsExactly("trigger", "resolve");
        assertThat(stack.stub().chatMessages())
                .anyMatch(m -> m.contains("DEPLOYMENT STARTED"))
                .anyMatch(m -> m.contains("DEPLOYMENT COMPLETE"));
        assertAuditTrail(release.path("id").asText(), "COMPLETED");
    }

    /** Auditors see every transition: CloudEvents in binary mode, numbered without gaps, ending in the final status. */
    private static void assertAuditTrail(String releaseId, String finalStatus) {
        List<ConsumerRecord<String, String>> trail = records(Topics.AUDIT).stream()
                .filter(r -> releaseId.equals(r.key()))
                .toList();
        assertThat(trail).hasSizeGreaterThan(Phase.values().length);
        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<String, String> record : trail) {
            assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(ReleaseTransitioned.TYPE);
            assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(releaseId);
            sequences.add(read(record.value()).sequence());
        }
        assertThat(sequences)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, trail.size()).boxed().toList());
        assertThat(read(trail.get(trail.size() - 1).value()).status().name()).isEqualTo(finalStatus);
    }

    private static String releaseUrl(String id) {
        return stack.service(LocalStack.COORDINATOR).url() + "/releases/" + id;
    }

    private static ReleaseTransitioned read(String json) {
        try {
            return RunwayJson.wire().readValue(json, ReleaseTransitioned.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void aReleaseWhoseHealthCheckFailsStartedFromTheDashboardAndVotedOnWithTheCliIsRolledBackAndPeopleAreTold()
            throws Exception {
        CoordinatorClient coordinator = stack.coordinator();
        String id = OperatorTools.failingReleaseStartedFromTheDashboardAndVotedOnWithTheCli();
        JsonNode release = coordinator.awaitEnd(releaseUrl(id), Duration.ofSeconds(30));

        assertThat(release.path("status").asText())
                .as(TimelinePrinter.render(release))
                .isEqualTo("ROLLED_BACK");
        assertThat(release.path("rollback").path("trigger").asText()).isEqualTo("HEALTH_CHECK_FAILED");
        assertThat(deployedImage()).isEqualTo(pinned(ImageCatalogue.SHOP_1_4_0_DIGEST));
        assertThat(columns()).contains("loyalty_points").doesNotContain("referral_code");
        assertThat(stack.sandbox()
                        .client()
                        .configMaps()
                        .inNamespace("production")
                        .withName("shop-config")
                        .get()
                        .getData())
                .containsEntry("RELEASE", "1.4.0");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stack.stub().chatMessages())
                    .anyMatch(m -> m.contains("ROLLBACK INITIATED"))
                    .anyMatch(m -> m.contains("ROLLBACK COMPLETE"));
            assertThat(stack.stub().pagerDutyEvents())
                    .anyMatch(e -> "trigger".equals(e.path("event_action").asText())
                            && e.path("routing_key")
                                    .asText()
                                    .equals(stack.stub().routingKey()));
        });
    }

    @Test
    @Order(4)
    void aRolloutWhosePodsCrashLoopIsRolledBackWithinSecondsNamingTheCause() throws SQLException {
        String before = deployedImage();
        CoordinatorClient coordinator = stack.coordinator();
        JsonNode release = coordinator.awaitEnd(
                coordinator.startAndVote(DemoReleases.json(DemoReleases.crashLooping())), Duration.ofMinutes(5));

        String timeline = TimelinePrinter.render(release);
        assertThat(release.path("status").asText()).as(timeline).isEqualTo("ROLLED_BACK");
        assertThat(release.path("rollback").path("trigger").asText()).isEqualTo("STEP_FAILED");
        assertThat(release.path("rollback").path("reason").asText()).contains("CrashLoopBackOff");
        Duration rolloutToRollback = Duration.between(
                Instant.parse(
                        row(release, "APPLICATION_DEPLOYMENT").path("startedAt").asText()),
                Instant.parse(release.path("rollback").path("startedAt").asText()));
        System.out.printf("crash loop: rollback began %d ms after the rollout started%n", rolloutToRollback.toMillis());
        assertThat(rolloutToRollback).as(timeline).isLessThan(Duration.ofSeconds(15));
        assertThat(row(release, "APPLICATION_DEPLOYMENT").path("notes").asText())
                .contains("CrashLoopBackOff");
        assertThat(release.path("timeline").findValuesAsText("stage"))
                .contains("ROLL_BACK_APPLICATION", "ROLL_BACK_DATABASE");
        assertThat(deployedImage()).isEqualTo(before);
        assertThat(columns()).doesNotContain("last_login");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stack.stub().chatMessages())
                    .anyMatch(m -> m.contains("ROLLBACK INITIATED") && m.contains("CrashLoopBackOff"));
            Deployment d = stack.sandbox()
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace("production")
                    .withName("shop")
                    .get();
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        });
    }

    @Test
    @Order(5)
    void aReleaseAnsweringOneRequestInTenWithAnErrorIsRolledBackImmediatelyOnTheErrorRate() throws SQLException {
        String before = deployedImage();
        CoordinatorClient coordinator = stack.coordinator();
        JsonNode release = coordinator.awaitEnd(
                coordinator.startAndVote(DemoReleases.json(DemoReleases.errorRate())), Duration.ofMinutes(5));

        String timeline = TimelinePrinter.render(release);
        assertThat(release.path("status").asText()).as(timeline).isEqualTo("ROLLED_BACK");
        assertThat(release.path("rollback").path("trigger").asText()).isEqualTo("ERROR_RATE_SUSTAINED");
        assertThat(release.path("rollback").path("immediate").asBoolean()).isTrue();
        assertThat(release.path("rollback").path("reason").asText())
                .contains(
                        "error-rate-immediate",
                        "error rate > 5.00% for " + DemoReleases.GUARD_WINDOW_SECONDS + " s",
                        "deployment=\"shop\"");
        // The rate over the query's range (the sampling interval here) climbs above 5% as the 1.7.0 pods take the
        // traffic; from the first sample that sees it, the rule fires on the sample that completes the window.
        Duration rolloutToRollback = Duration.between(
                Instant.parse(
                        row(release, "APPLICATION_DEPLOYMENT").path("endedAt").asText()),
                Instant.parse(release.path("rollback").path("startedAt").asText()));
        System.out.printf(
                "error rate: rollback began %d ms after the rollout completed (window %d s, interval %d s, rate range the longer of %s and the interval)%n",
                rolloutToRollback.toMillis(),
                DemoReleases.GUARD_WINDOW_SECONDS,
                DemoReleases.GUARD_INTERVAL_SECONDS,
                LocalStack.GUARD_MIN_RANGE);
        assertThat(rolloutToRollback)
                .as(timeline)
                .isLessThanOrEqualTo(Duration.ofSeconds(
                        DemoReleases.GUARD_WINDOW_SECONDS + 2L * DemoReleases.GUARD_INTERVAL_SECONDS));
        assertThat(deployedImage()).isEqualTo(before);
        assertThat(columns()).doesNotContain("wishlist_count");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stack.stub().chatMessages())
                    .anyMatch(m -> m.contains("ROLLBACK INITIATED") && m.contains("error-rate-immediate"));
            assertThat(stack.stub().pagerDutyEvents())
                    .anyMatch(e -> e.path("payload").path("summary").asText().contains("error-rate-immediate"));
        });
    }

    @Test
    @Order(6)
    void anElevatedErrorRateLeftUndecidedRollsBackAtTheDecisionTimeout() {
        CoordinatorClient coordinator = stack.coordinator();
        String url = coordinator.startAndVote(
                DemoReleases.json(DemoReleases.elevatedErrorRate(DecisionAction.ROLLBACK, 20)));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "AWAITING_DECISION"
                        .equals(coordinator.get(url).path("status").asText()));
        JsonNode awaiting = coordinator.get(url);
        assertThat(awaiting.path("decision").path("trigger").asText()).isEqualTo("ERROR_RATE_ELEVATED");
        assertThat(awaiting.path("decision").path("evidence").asText()).contains("error-rate-evaluate");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stack.stub().chatMessages())
                        .anyMatch(m -> m.contains("ROLLBACK DECISION REQUESTED") && m.contains("error-rate-evaluate")));

        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(3));
        String timeline = TimelinePrinter.render(release);
        assertThat(release.path("status").asText()).as(timeline).isEqualTo("ROLLED_BACK");
        assertThat(release.path("rollback").path("trigger").asText()).isEqualTo("ERROR_RATE_ELEVATED");
        assertThat(timeline).contains("timeout");
        assertThat(deployedImage()).doesNotContain(ImageCatalogue.SHOP_1_8_0_DIGEST);
    }

    @Test
    @Order(7)
    void anElevatedErrorRateWaitsForAPersonAndContinueCompletesTheRelease() {
        CoordinatorClient coordinator = stack.coordinator();
        String url = coordinator.startAndVote(DemoReleases.json(
                DemoReleases.elevatedErrorRate(DecisionAction.ROLLBACK, DemoReleases.DECISION_TIMEOUT_SECONDS)));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "AWAITING_DECISION"
                        .equals(coordinator.get(url).path("status").asText()));

        coordinator.decide(url, "CONTINUE", "2% errors are the known flaky upstream; fix forward");

        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(3));
        String timeline = TimelinePrinter.render(release);
        assertThat(release.path("status").asText()).as(timeline).isEqualTo("COMPLETED");
        assertThat(timeline).contains("CONTINUE decided by lee", "fix forward");
        assertThat(deployedImage()).isEqualTo(pinned(ImageCatalogue.SHOP_1_8_0_DIGEST));
    }

    @Test
    @Order(8)
    void noSecretAppearsInAnyLogEventOrNotification() throws IOException {
        List<String> secrets = new ArrayList<>(List.of(
                stack.stub().routingKey(),
                stack.stub().testAlertRoutingKey(),
                stack.stub().restApiToken(),
                stack.backupSecretKey(),
                stack.stub().webhookUrl(),
                stack.stub().webhookUrl().substring(stack.stub().webhookUrl().indexOf("/services/"))));
        for (DemoUser user : DemoUser.values()) {
            secrets.add(stack.identity().token(user));
        }
        for (ServiceProcess service : stack.services()) {
            String log = Files.readString(service.log(), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(log).as("log of %s", service.name()).doesNotContain(secret);
            }
            assertThat(log).as("log of %s", service.name()).doesNotContain("password=" + PostgresServer.PASSWORD);
        }
        List<String> messages = new ArrayList<>(stack.stub().chatMessages());
        messages.addAll(allRecords(
                Topics.EVENTS,
                Topics.AUDIT,
                Topics.NOTIFICATION_COMMANDS,
                Topics.ROLLOUT_COMMANDS,
                Topics.MIGRATION_COMMANDS,
                Topics.VALIDATION_COMMANDS));
        assertThat(messages).isNotEmpty();
        for (String message : messages) {
            for (String secret : secrets) {
                assertThat(message).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(9)
    void aReleaseAnnouncedInAChannelTheNotifierLacksIsRefusedBeforeAnythingRuns() throws IOException {
        ObjectNode spec = editable(DemoReleases.healthy());
        spec.put("application", "ledger");

        assertThatThrownBy(() -> stack.coordinator().start(spec.toString()))
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("runway.targets.\\\"ledger\\\".\\\"production\\\".chat-channel")
                .hasMessageContaining("chat channel 'ledger-releases', which the notifier cannot post to");
    }

    @Test
    @Order(10)
    void whenChatAnswers503TheTimelineSaysNotDeliveredAndTheRollbackIsPaged() {
        CoordinatorClient coordinator = stack.coordinator();
        stack.stub().answerChatWith(503, "service_unavailable");
        JsonNode release;
        try {
            String url = coordinator.startAndVote(DemoReleases.json(DemoReleases.failingHealth()));
            coordinator.awaitEnd(url, Duration.ofMinutes(5));
            release = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> coordinator.get(url),
                            r -> noticeOf(r, "ROLLBACK_COMPLETE")
                                    .path("status")
                                    .asText()
                                    .equals("NOT_DELIVERED"));
        } finally {
            stack.stub().answerChatNormally();
        }

        assertThat(release.path("status").asText()).isEqualTo("ROLLED_BACK");
        String notDelivered = "ROLLBACK INITIATED not delivered to chat channel '" + LocalStack.SHOP_CHAT_CHANNEL
                + "': 503 after 4 attempts";
        assertThat(noticeOf(release, "ROLLBACK_INITIATED").path("outcome").asText())
                .startsWith(notDelivered)
                .contains("paged about it: delivered to PagerDuty service '" + LocalStack.SHOP_PAGERDUTY_SERVICE);
        assertThat(row(release, "DECLARE_ROLLBACK").path("notes").asText()).contains(notDelivered);
        String id = release.path("id").asText();
        assertThat(stack.stub().pagerDutyEvents()).anySatisfy(e -> {
            assertThat(e.path("event_action").asText()).isEqualTo("trigger");
            assertThat(e.path("dedup_key").asText()).isEqualTo("runway-" + id + "-chat-rollback_initiated");
            assertThat(e.at("/payload/summary").asText())
                    .startsWith("Chat did not receive ROLLBACK INITIATED")
                    .contains("503 after 4 attempts");
        });
        assertThat(records(Topics.AUDIT).stream()
                        .filter(r -> id.equals(r.key()))
                        .map(r -> read(r.value()).reason()))
                .anyMatch(reason -> reason.startsWith(notDelivered));
    }

    @Test
    @Order(11)
    void aNotifierKilledAfterPostingAndRecordingAndRestartedPostsNothingTwice() throws IOException {
        CoordinatorClient coordinator = stack.coordinator();
        String version = DemoReleases.healthy().version();
        List<String> before = stack.stub().chatMessages();
        String url = coordinator.start(DemoReleases.json(DemoReleases.healthy()));
        // Killed as soon as the vote request's post is recorded (the coordinator has its outcome), before its offset
        // is committed as a rule, so the restarted notifier reads the command again.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> "DELIVERED"
                        .equals(noticeOf(coordinator.get(url), "VOTE_REQUESTED")
                                .path("status")
                                .asText()));
        ServiceProcess notifier = stack.service(LocalStack.NOTIFIER);
        notifier.kill();
        notifier.start();
        notifier.awaitReady(Duration.ofMinutes(2));
        coordinator.voteGo(url, Duration.ofMinutes(3));
        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(5));
        assertThat(release.path("status").asText())
                .as(TimelinePrinter.render(release))
                .isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> noticeOf(coordinator.get(url), "DEPLOYMENT_COMPLETE")
                        .path("status")
                        .asText()
                        .equals("DELIVERED"));

        List<String> posted = stack.stub()
                .chatMessages()
                .subList(before.size(), stack.stub().chatMessages().size());
        for (String heading : List.of(
                "GO/NO-GO VOTE REQUESTED - v" + version,
                "DEPLOYMENT STARTED - v" + version,
                "DEPLOYMENT COMPLETE - v" + version)) {
            assertThat(posted.stream().filter(m -> m.contains(heading)).count())
                    .as("chat posts of %s among %s", heading, posted)
                    .isEqualTo(1);
        }
        String voteRequest = noticeOf(coordinator.get(url), "VOTE_REQUESTED")
                .path("commandId")
                .asText();
        // Offsets are committed every 5 s, so the command is almost always read again; the counts above hold either
        // way, and the output says which case this run met.
        boolean readAgain = Files.readString(notifier.log(), StandardCharsets.UTF_8)
                .contains("Command " + voteRequest + " of release " + url.substring(url.lastIndexOf('/') + 1)
                        + " is already concluded");
        System.out.printf(
                "notifier restarted: the recorded vote request was %s%n",
                readAgain ? "read again and found done" : "not read again (its offset was committed)");
    }

    @Test
    @Order(12)
    void aRolloutAgentKilledMidRolloutAndRestartedAtOnceFinishesTheRolloutWithin15Seconds() {
        CoordinatorClient coordinator = stack.coordinator();
        String url = coordinator.startAndVote(DemoReleases.json(DemoReleases.healthyAgain()));
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "RUNNING"
                        .equals(row(coordinator.get(url), "APPLICATION_DEPLOYMENT")
                                .path("status")
                                .asText()));

        ServiceProcess agent = stack.service(LocalStack.ROLLOUT_AGENT);
        agent.kill();
        Instant restarted = Instant.now();
        agent.start();

        JsonNode rolledOut = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> coordinator.get(url),
                        r -> !"RUNNING"
                                .equals(row(r, "APPLICATION_DEPLOYMENT")
                                        .path("status")
                                        .asText()));
        JsonNode rollout = row(rolledOut, "APPLICATION_DEPLOYMENT");
        assertThat(rollout.path("status").asText())
                .as(TimelinePrinter.render(rolledOut))
                .isEqualTo("SUCCEEDED");
        Duration resumed = Duration.between(
                restarted, Instant.parse(rollout.path("endedAt").asText()));
        System.out.printf(
                "rollout-agent restarted: the rollout concluded %d ms after the restart%n", resumed.toMillis());
        assertThat(resumed).isLessThan(Duration.ofSeconds(15));
        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(5));
        assertThat(release.path("status").asText())
                .as(TimelinePrinter.render(release))
                .isEqualTo("COMPLETED");
        assertThat(deployedImage()).isEqualTo(pinned(ImageCatalogue.SHOP_1_3_2_DIGEST));
    }

    @Test
    @Order(13)
    void aRolloutTheStoppedAgentNeverAnsweredIsCompensatedAndTheAgentBackLaterChangesNothing() throws IOException {
        CoordinatorClient coordinator = stack.coordinator();
        String running = deployedImage();
        ServiceProcess agent = stack.service(LocalStack.ROLLOUT_AGENT);
        agent.close();
        ObjectNode spec = editable(DemoReleases.healthy());
        // the step's deadline is the rollout timeout plus the worker's minute of grace: 65 s
        ((ObjectNode) spec.get("thresholds")).put("rolloutTimeoutSeconds", 5);
        String url = coordinator.startAndVote(spec.toString());

        JsonNode givenUp = await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> coordinator.get(url),
                        r -> "ROLLING_BACK".equals(r.path("status").asText()));
        assertThat(givenUp.path("rollback").path("reason").asText())
                .as(TimelinePrinter.render(givenUp))
                .contains("no answer from rollout-agent")
                .contains("compensating Application deployment");
        agent.start();
        agent.awaitReady(Duration.ofMinutes(2));

        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(3));
        assertThat(release.path("status").asText())
                .as(TimelinePrinter.render(release))
                .isEqualTo("ROLLED_BACK");
        assertThat(row(release, "ROLL_BACK_APPLICATION").path("notes").asText())
                .contains("was never applied; nothing to undo");
        assertThat(Files.readString(agent.log(), StandardCharsets.UTF_8))
                .as("the agent, back, refused the stale rollout")
                .containsPattern("Refusing RollOutDeployment \\S+ of release " + url.substring(url.lastIndexOf('/') + 1)
                        + ": expired at");
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deployedImage())
                        .as("production still runs what ran before the release")
                        .isEqualTo(running));
    }

    @Test
    @Order(14)
    void aMigrationThatBreaksAForeignKeyFailsPhase2AsCorruptionAndTheDatabaseIsRolledBack() throws Exception {
        CoordinatorClient coordinator = stack.coordinator();
        String running = deployedImage();
        ObjectNode spec = editable(DemoReleases.healthy());
        ObjectNode migration = spec.putArray("migrations").addObject();
        migration.put("id", "20261127_101");
        migration.put("description", "orders of customers, one of them an orphan");
        migration.put(
                "sql",
                "CREATE TABLE customer_order (id serial PRIMARY KEY, customer_id integer NOT NULL);"
                        + " INSERT INTO customer_order (customer_id) VALUES (2147483647);"
                        + " ALTER TABLE customer_order ADD CONSTRAINT customer_order_customer_fkey"
                        + " FOREIGN KEY (customer_id) REFERENCES customer (id) NOT VALID");
        migration.put("rollbackSql", "DROP TABLE customer_order");

        JsonNode release = coordinator.awaitEnd(coordinator.startAndVote(spec.toString()), Duration.ofMinutes(4));

        String timeline = TimelinePrinter.render(release);
        assertThat(release.path("status").asText()).as(timeline).isEqualTo("ROLLED_BACK");
        assertThat(release.path("rollback").path("trigger").asText())
                .as(timeline)
                .isEqualTo("DATABASE_CORRUPTION");
        assertThat(row(release, "DATABASE_MIGRATION").path("notes").asText())
                .as(timeline)
                .contains("customer_order_customer_fkey")
                .contains("1 orphan row");
        assertThat(row(release, "ROLL_BACK_DATABASE").path("status").asText())
                .as(timeline)
                .isEqualTo("SUCCEEDED");
        assertThat(tables()).as("R3 removed what the migration created").doesNotContain("customer_order");
        assertThat(deployedImage()).as("Phase 2 failed before the rollout").isEqualTo(running);
    }

    private static List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        stack.postgres().jdbcUrl(LocalStack.SHOP_DATABASE),
                        PostgresServer.USER,
                        PostgresServer.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** A demo spec as JSON a test may change before posting it. */
    private static ObjectNode editable(ReleaseSpec spec) throws IOException {
        return (ObjectNode) RunwayJson.wire().readTree(DemoReleases.json(spec));
    }

    private static JsonNode noticeOf(JsonNode release, String announcement) {
        JsonNode found = null;
        for (JsonNode notice : release.path("notices")) {
            if (announcement.equals(notice.path("announcement").asText())) {
                found = notice;
            }
        }
        return found == null ? RunwayJson.wire().missingNode() : found;
    }

    private static JsonNode row(JsonNode release, String stage) {
        for (JsonNode row : release.path("timeline")) {
            if (stage.equals(row.path("stage").asText())) {
                return row;
            }
        }
        throw new AssertionError("no timeline row " + stage + " in " + TimelinePrinter.render(release));
    }

    /** What a release writes into the pod template: the repository and the digest it checked, never a tag. */
    private static String pinned(String digest) {
        return ImageCatalogue.SHOP_REPOSITORY + "@" + digest;
    }

    private static String deployedImage() {
        Deployment d = stack.sandbox()
                .client()
                .apps()
                .deployments()
                .inNamespace("production")
                .withName("shop")
                .get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static List<String> columns() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        stack.postgres().jdbcUrl(LocalStack.SHOP_DATABASE),
                        PostgresServer.USER,
                        PostgresServer.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT column_name FROM information_schema.columns WHERE table_name = 'customer'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<String> allRecords(String... topics) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records(topics)) {
            values.add(r.value());
            StreamSupport.stream(r.headers().spliterator(), false)
                    .forEach(h -> values.add(new String(h.value(), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private static List<ConsumerRecord<String, String>> records(String... topics) {
        return TopicRecords.all(stack, topics);
    }
}
