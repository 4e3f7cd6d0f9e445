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
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.Severity;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.KubernetesTarget;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@TestProfile(ReleaseApiIT.Targets.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ReleaseApiIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();
    private static final String DIGEST = "sha256:5f0c1b8e9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";

    /**
     * Each test releases its own application, so the code freeze of one does not block another; each has targets
     * in production. {@code bare-app} has neither database nor ConfigMap.
     */
    public static class Targets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            for (String application : List.of("api-app", "undecided-app", "guarded-app", "bare-app")) {
                String at = "runway.targets.\"" + application + "\".\"production\".";
                config.put(at + "namespace", "production");
                config.put(at + "deployment", application);
                config.put(at + "container", application);
                config.put(at + "service-url", serviceUrl(application));
                config.put(at + "registry", "registry.sandbox.local");
                config.put(at + "repository", "shop");
                if (!application.equals("bare-app")) {
                    config.put(at + "database", "shop");
                    config.put(at + "config-map", application + "-config");
                    config.put(at + "caches.\"sessions\".type", "REDIS");
                }
            }
            return config;
        }
    }

    static String serviceUrl(String application) {
        return "http://" + application + ".production.svc:8080";
    }

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

    @ParameterizedTest
    @CsvSource({
        "service, '{\"baseUrl\":\"http://169.254.169.254/latest\"}'",
        "kubernetes, '{\"namespace\":\"kube-system\",\"deployment\":\"coredns\",\"container\":\"coredns\"}'",
        "database, '{\"database\":\"billing\",\"jdbcUrl\":\"jdbc:postgresql://db.internal/billing\"}'"
    })
    void aSpecSayingWhereItGoesIsRefusedNamingTheFieldAndNothingIsStored(String field, String value)
            throws IOException {
        ObjectNode aimed = spec("api-app").put("version", "9.9.9");
        aimed.set(field, RunwayJson.wire().readTree(value));

        given().contentType("application/json")
                .body(aimed.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body(
                        "detail",
                        equalTo("`" + field + "` is not accepted: where a release goes is configured on the server per"
                                + " application and environment"
                                + (field.equals("database") ? "; list schema changes in 'migrations'" : "")));
        given().when()
                .get("/releases?application=api-app")
                .then()
                .statusCode(200)
                .body("findAll { it.status == 'RUNNING' && it.version == '9.9.9' }.size()", equalTo(0));
    }

    @Test
    void aSmokeCheckWithAUrlIsRefusedNamingItsPath() throws IOException {
        ObjectNode aimed = spec("api-app");
        ((ObjectNode) aimed.withArray("smokeChecks").get(1)).put("path", "http://evil.example/api");

        given().contentType("application/json")
                .body(aimed.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("smokeChecks[1].path"))
                .body("errors[0].message", containsString("without scheme or host"));
    }

    @Test
    void anApplicationWithoutTargetsInTheEnvironmentIsA422NamingBoth() throws IOException {
        given().contentType("application/json")
                .body(spec("nowhere-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("application 'nowhere-app' in environment 'production'"));
        given().when()
                .get("/releases?application=nowhere-app")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void anImageFromAnotherRegistryOrMigrationsWithoutAConfiguredDatabaseAreRefusedBeforeAnythingIsStored()
            throws IOException {
        ObjectNode elsewhere = spec("bare-app");
        ((ObjectNode) elsewhere.get("image")).put("repository", "evil.example.com/shop");

        given().contentType("application/json")
                .body(elsewhere.toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("image.repository"))
                .body("errors.field", hasItem("migrations"))
                .body("errors.field", hasItem("configuration"))
                .body("detail", containsString("registry 'evil.example.com' is not the registry allowed"));
        given().when()
                .get("/releases?application=bare-app")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void aMisspeltFieldAndBrokenJsonAreRejected() throws IOException {
        ObjectNode bad = spec("typo-app");
        bad.set("migartions", bad.get("migrations"));
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
        assertThat(preFlight.body())
                .isInstanceOfSatisfying(
                        RunChecks.class, checks -> assertThat(checks.baseUrl()).isEqualTo(serviceUrl("api-app")));

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
    void aDecisionIsRefusedWhenTheReleaseIsNotAwaitingOneAndABadDecisionNamesItsField() throws Exception {
        String location = start("undecided-app");

        given().contentType("application/json")
                .body("{\"action\":\"ROLLBACK\",\"reason\":\"looks bad\",\"decidedBy\":\"Dana Lead\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("not awaiting a decision"));
        given().contentType("application/json")
                .body("{\"action\":\"PANIC\",\"decidedBy\":\"Dana Lead\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("action"))
                .body("errors[0].message", containsString("CONTINUE"));
        given().contentType("application/json")
                .body("{\"action\":\"CONTINUE\",\"reason\":\"fine\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("decidedBy"));
    }

    @Test
    void anEvaluateBreachOfTheGuardWaitsForAPersonAndContinueResumesTheRelease() throws Exception {
        String location = start("guarded-app");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        answer(
                id,
                commands(id, Topics.VALIDATION_COMMANDS, 1).get(0),
                succeeded(Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), succeeded(Map.of()));
        answer(id, commands(id, Topics.MIGRATION_COMMANDS, 1).get(0), succeeded(Map.of()));
        Command rollout = commands(id, Topics.ROLLOUT_COMMANDS, 1).get(0);
        KubernetesTarget configured = new KubernetesTarget("production", "guarded-app", "guarded-app");
        assertThat(rollout.body()).isInstanceOfSatisfying(RollOutDeployment.class, r -> {
            assertThat(r.target()).isEqualTo(configured);
            assertThat(r.image().reference()).isEqualTo("registry.sandbox.local/shop@" + DIGEST);
        });
        Command watch = commands(id, Topics.VALIDATION_COMMANDS, 3).get(2);
        assertThat(watch.body())
                .isInstanceOfSatisfying(
                        WatchGuards.class, w -> assertThat(w.target()).isEqualTo(configured));

        answer(
                id,
                watch,
                new StepProgressed(
                        "error-rate-evaluate sampled",
                        List.of(new Measurement(
                                "error-rate-evaluate", "0.0210", "ratio", Measurement.Status.FAILED, Instant.now()))));
        String explanation = "error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10%";
        answer(
                id,
                watch,
                new ThresholdBreached(
                        RollbackTrigger.ERROR_RATE_ELEVATED,
                        explanation,
                        List.of(),
                        new Evidence(
                                "error-rate-evaluate",
                                GuardMetric.ERROR_RATE,
                                "sum(rate(http_requests_total{code=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))",
                                0.01,
                                300,
                                Severity.EVALUATE,
                                Verdict.FAILED,
                                Instant.now().minusSeconds(300),
                                Instant.now(),
                                61,
                                0.014,
                                0.026,
                                0.021,
                                explanation)));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get(location)
                        .then()
                        .body("status", equalTo("AWAITING_DECISION"))
                        .body("image", equalTo("registry.sandbox.local/shop@" + DIGEST))
                        .body("targets.kubernetes.deployment", equalTo("guarded-app"))
                        .body("targets.serviceUrl", equalTo(serviceUrl("guarded-app")))
                        .body("currentPhase", equalTo("APPLICATION_DEPLOYMENT"))
                        .body("decision.evidence", equalTo(explanation))
                        .body("guards.error-rate-evaluate.value", equalTo("0.0210")));
        assertThat(commands(id, Topics.NOTIFICATION_COMMANDS, 2))
                .extracting(c -> ((Announce) c.body()).announcement())
                .contains(Announce.Announcement.DECISION_REQUESTED);

        given().contentType("application/json")
                .body("{\"action\":\"CONTINUE\",\"reason\":\"a known noisy endpoint\",\"decidedBy\":\"Dana Lead\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body(
                        "timeline.find { it.stage == 'DECISION' }.notes",
                        containsString("CONTINUE decided by Dana Lead: a known noisy endpoint"));
        answer(id, rollout, succeeded(Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "4")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        given().when().get(location).then().body("currentPhase", equalTo("CONFIGURATION_UPDATE")));
        assertThat(KAFKA.records(
                        Topics.AUDIT,
                        r -> id.toString().equals(r.key()) && r.value().contains("Dana Lead"),
                        records -> !records.isEmpty(),
                        Duration.ofSeconds(10)))
                .isNotEmpty();
    }

    private static String start(String application) throws IOException {
        return given().contentType("application/json")
                .body(spec(application).toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
    }

    private static StepSucceeded succeeded(Map<String, String> outputs) {
        return new StepSucceeded("done", List.of(), outputs);
    }

    private static void answer(UUID release, Command command, EventBody body) throws IOException {
        KAFKA.sendRaw(
                Topics.EVENTS,
                release.toString(),
                RunwayJson.wire()
                        .writeValueAsString(Event.of(
                                UUID.randomUUID(), release, command.commandId(), Instant.now(), "test", body)));
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
