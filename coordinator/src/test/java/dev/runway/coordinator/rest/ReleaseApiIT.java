package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.phase.Worker;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackDeployment;
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
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class ReleaseApiIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KAFKA);
    }

    private static final String DIGEST = "sha256:5f0c1b8e9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";

    /**
     * The people of these tests: each holds one Runway role, as their provider's {@code groups} claim says. Their
     * tokens are signed on first use, inside the running test application whose profile names the signing key; the
     * test class itself is loaded before that.
     */
    private static final class People {
        static final String DEPLOYER = Tokens.of("dana-deployer", "deployer");
        static final String VIEWER = Tokens.of("val-viewer", "viewer");
        static final String LEAD = Tokens.of("lee-lead", "deployment-lead");
        static final String DEVOPS = Tokens.of("sam-devops", "devops");
        static final String DBA = Tokens.of("kim-dba", "dba");
        static final String MANAGER = Tokens.of("alex-manager", "engineering-manager");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
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
        bad.remove("version");

        postAsDeployer(bad)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("image.digest"))
                .body("errors.field", hasItem("version"))
                .body("detail", containsString("image.digest"));

        assertNothingStoredFor("malformed-app");
    }

    @Test
    void aReleaseWhoseChatChannelTheNotifierLacksIsRefusedNamingThePropertyAndNothingIsStored() throws IOException {
        postAsDeployer(spec("unannounced-app"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/undeliverable-announcements"))
                .body("errors.field", contains("runway.targets.\"unannounced-app\".\"production\".chat-channel"))
                .body("detail", containsString("chat channel 'nowhere', which the notifier cannot post to"));

        assertNothingStoredFor("unannounced-app");
    }

    @Test
    void aSpecOverTheBodyLimitIsRefusedWith413NamingTheLimitAndNothingIsStored() throws IOException {
        ObjectNode large = spec("oversized-app");
        ((ObjectNode) large.get("migrations").get(0)).put("description", "x".repeat(300 * 1024));

        postAsDeployer(large)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("$"))
                .body("detail", containsString("at most 262144 bytes (256 KiB)"));

        assertNothingStoredFor("oversized-app");
    }

    @Test
    void withoutAValidTokenOnlyHealthAndMetricsAnswer() throws IOException {
        given().when().get("/releases").then().statusCode(401);
        given().contentType("application/json")
                .body(spec("anonymous-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(Tokens.forAudience("another-service", "dana-deployer", "deployer"))
                .when()
                .get("/releases")
                .then()
                .statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/releases").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200);
        // readiness answers without a token; whether it is UP depends on the database, which another IT takes down
        given().when().get("/q/health/ready").then().statusCode(not(equalTo(401)));
        given().when().get("/q/metrics").then().statusCode(200);

        assertNothingStoredFor("anonymous-app");
    }

    @Test
    void aWrongRoleIsForbiddenAndAGroupMappedToDeployerMayStartAReleaseAsItsSubject() throws IOException {
        as(People.VIEWER)
                .contentType("application/json")
                .body(spec("viewer-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("title", equalTo("Role required"));
        as(Tokens.of("nobody", "interns")).when().get("/releases").then().statusCode(403);

        as(Tokens.of("rae-release-manager", "release-managers"))
                .contentType("application/json")
                .body(spec("mapped-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .body("requestedBy", equalTo("rae-release-manager"));
    }

    @Test
    void aSpecThatStillNamesItsRequesterOrCarriesVotesIsRejected() throws IOException {
        ObjectNode withVotes = spec("old-spec-app");
        withVotes.putArray("goNoGo").addObject().put("role", "DEPLOYMENT_LEAD").put("decision", "GO");
        withVotes.put("requestedBy", "Dana Lead");

        postAsDeployer(withVotes)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("goNoGo"))
                .body("errors.field", hasItem("requestedBy"))
                .body("detail", containsString("votes are cast through the API"));
        assertNothingStoredFor("old-spec-app");
    }

    @Test
    void votesCountOncePerPersonAndRoleAndANoGoFromTheDbaAborts() throws Exception {
        String location = start("voted-app");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        answer(
                id,
                commands(id, Topics.VALIDATION_COMMANDS, 1).get(0),
                succeeded(Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        String hash = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> as(People.VIEWER)
                                .when()
                                .get(location)
                                .then()
                                .extract()
                                .path("vote.migrationsHash"),
                        h -> h != null);
        assertThat(hash).matches("sha256:[0-9a-f]{64}");
        Announce request =
                (Announce) commands(id, Topics.NOTIFICATION_COMMANDS, 1).get(0).body();
        assertThat(request.announcement()).isEqualTo(Announce.Announcement.VOTE_REQUESTED);
        assertThat(request.facts()).containsEntry(Announce.Facts.MIGRATIONS_HASH, hash);

        vote(People.DEPLOYER, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}")
                .statusCode(403);
        vote(People.LEAD, location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("needs the role devops"));
        vote(People.LEAD, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"PERHAPS\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("decision"));
        vote(
                        People.LEAD,
                        location,
                        "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\",\"comment\":\"checklist 48/48\"}")
                .statusCode(200)
                .body("vote.missing", not(hasItem("DEPLOYMENT_LEAD")));
        vote(
                        Tokens.of("lee-lead", "deployment-lead", "devops"),
                        location,
                        "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("one role only"));
        vote(
                        People.DBA,
                        location,
                        "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"GO\",\"migrationsHash\":\"sha256:"
                                + "0".repeat(64) + "\"}")
                .statusCode(409)
                .body("detail", containsString(hash));
        vote(
                        People.DBA,
                        location,
                        "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"NO_GO\",\"comment\":\"no index\"}")
                .statusCode(200)
                .body("status", equalTo("ABORTED"))
                .body("timeline.find { it.stage == 'GO_NO_GO' }.notes", containsString("kim-dba"))
                .body("timeline.findAll { it.stage == 'VOTE' }.size()", equalTo(2));
        vote(People.DEVOPS, location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}")
                .statusCode(409);

        assertThat(KAFKA.records(
                        Topics.AUDIT,
                        r -> id.toString().equals(r.key()) && "kim-dba".equals(KafkaTestClient.header(r, "ce_actor")),
                        records -> !records.isEmpty(),
                        Duration.ofSeconds(10)))
                .isNotEmpty();
    }

    @Test
    void aDeploymentLeadAbortsOnlyBeforeAnythingChanged() throws Exception {
        String location = start("aborted-app");

        as(People.DEPLOYER).when().post(location + "/abort").then().statusCode(403);
        as(People.LEAD)
                .contentType("application/json")
                .body("{\"reason\":\"wrong ticket\"}")
                .when()
                .post(location + "/abort")
                .then()
                .statusCode(200)
                .body("status", equalTo("ABORTED"))
                .body(
                        "timeline.find { it.stage == 'ABORT' }.notes",
                        equalTo("abort requested by lee-lead: wrong ticket"));
        as(People.LEAD).when().post(location + "/abort").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aManualRollbackNeedsALeadAndAManagerWhoAreTwoPeople() throws Exception {
        String location = start("manual-app");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        answer(
                id,
                commands(id, Topics.VALIDATION_COMMANDS, 1).get(0),
                succeeded(Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        allVoteGo(location);
        answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), succeeded(Map.of()));
        answer(id, commands(id, Topics.MIGRATION_COMMANDS, 1).get(0), succeeded(Map.of()));
        answer(
                id,
                commands(id, Topics.ROLLOUT_COMMANDS, 1).get(0),
                succeeded(Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "4")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(People.VIEWER)
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("CONFIGURATION_UPDATE")));

        as(People.LEAD)
                .when()
                .post(location + "/abort")
                .then()
                .statusCode(409)
                .body("detail", containsString("production has already changed"));
        as(People.DEPLOYER).when().post(location + "/rollback").then().statusCode(403);
        as(People.LEAD)
                .contentType("application/json")
                .body("{\"reason\":\"checkout broken\"}")
                .when()
                .post(location + "/rollback")
                .then()
                .statusCode(202)
                .body("status", equalTo("RUNNING"))
                .body("rollbackRequest.missing", equalTo(List.of("ENGINEERING_MANAGER")));
        as(Tokens.of("lee-lead", "engineering-manager"))
                .when()
                .post(location + "/rollback")
                .then()
                .statusCode(409)
                .body("detail", containsString("second person"));
        as(People.MANAGER)
                .when()
                .post(location + "/rollback")
                .then()
                .statusCode(200)
                .body("status", equalTo("ROLLING_BACK"))
                .body("rollback.trigger", equalTo("MANUAL"));

        assertThat(commands(id, Topics.ROLLOUT_COMMANDS, 3)).anyMatch(c -> c.body() instanceof RollBackDeployment);
    }

    @Test
    void awaitedCommandsCarryTheirDeadlineAndARolloutLeftUnansweredIsCompensatedWhenTheReleaseIsRolledBack()
            throws Exception {
        String location = start("unanswered-app");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Command preFlight = commands(id, Topics.VALIDATION_COMMANDS, 1).get(0);
        assertThat(preFlight.notAfter()).isEqualTo(preFlight.issuedAt().plus(Duration.ofMinutes(2)));
        answer(id, preFlight, succeeded(Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        allVoteGo(location);
        answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), succeeded(Map.of()));
        answer(id, commands(id, Topics.MIGRATION_COMMANDS, 1).get(0), succeeded(Map.of()));
        Command rollout = commands(id, Topics.ROLLOUT_COMMANDS, 1).get(0);
        assertThat(rollout.body()).isInstanceOf(RollOutDeployment.class);
        assertThat(rollout.notAfter()).isEqualTo(rollout.issuedAt().plus(Duration.ofSeconds(600 + 60)));

        // the rollout-agent never answers: what it may still do cannot be aborted, only rolled back
        as(People.LEAD)
                .when()
                .post(location + "/abort")
                .then()
                .statusCode(409)
                .body("detail", containsString("APPLICATION_DEPLOYMENT"));
        as(People.LEAD).when().post(location + "/rollback").then().statusCode(202);
        as(People.MANAGER)
                .when()
                .post(location + "/rollback")
                .then()
                .statusCode(200)
                .body("status", equalTo("ROLLING_BACK"))
                .body("rollback.reason", containsString("compensating Application deployment"));

        Command compensation = commands(id, Topics.ROLLOUT_COMMANDS, 2).get(1);
        assertThat(compensation.body()).isInstanceOfSatisfying(RollBackDeployment.class, r -> {
            assertThat(r.undoes()).isEqualTo(rollout.commandId());
            assertThat(r.toRevision()).isZero();
        });
        assertThat(compensation.notAfter()).isEqualTo(compensation.issuedAt().plus(Duration.ofSeconds(600 + 60)));
        assertThat(KAFKA.rawValues(Topics.ROLLOUT_COMMANDS, id.toString(), values -> values.size() >= 2)
                        .get(1))
                .contains("\"undoes\"", "\"notAfter\"");

        answer(id, compensation, succeeded(Map.of()));
        Command database = commands(id, Topics.MIGRATION_COMMANDS, 2).get(1);
        assertThat(database.notAfter()).isNotNull();
        answer(id, database, succeeded(Map.of()));
        // pre-flight, deployment start, the guard's watch, then R4's checks
        Command verify = commands(id, Topics.VALIDATION_COMMANDS, 4).get(3);
        assertThat(verify.body()).isInstanceOf(RunChecks.class);
        assertThat(verify.notAfter()).isNotNull();
        answer(id, verify, succeeded(Map.of()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> as(People.VIEWER).when().get(location).then().body("status", equalTo("ROLLED_BACK")));
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

        postAsDeployer(aimed)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body(
                        "detail",
                        equalTo("`" + field + "` is not accepted: where a release goes is configured on the server per"
                                + " application and environment"
                                + (field.equals("database") ? "; list schema changes in 'migrations'" : "")));
        as(People.VIEWER)
                .when()
                .get("/releases?application=api-app")
                .then()
                .statusCode(200)
                .body("findAll { it.status == 'RUNNING' && it.version == '9.9.9' }.size()", equalTo(0));
    }

    @Test
    void aSmokeCheckWithAUrlIsRefusedNamingItsPath() throws IOException {
        ObjectNode aimed = spec("api-app");
        ((ObjectNode) aimed.withArray("smokeChecks").get(1)).put("path", "http://evil.example/api");

        postAsDeployer(aimed)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("smokeChecks[1].path"))
                .body("errors[0].message", containsString("without scheme or host"));
    }

    /**
     * Phase 7's requests are checked like its paths: an unknown method, a credential written into a header and a
     * series repeating a write are refused before anything is stored. A credential's name cannot be checked here (the
     * validator holds the credentials), so an unknown one fails its check there, saying it is not configured.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"method\":\"TRACE\"}|smokeChecks[1].method|must be GET, HEAD, POST, PUT, PATCH or DELETE",
                "{\"path\":\"https://evil.example/api\",\"method\":\"POST\",\"body\":\"{}\"}|smokeChecks[1].path"
                        + "|without scheme or host",
                "{\"headers\":{\"Authorization\":\"Bearer s3cr3t\"}}|smokeChecks[1].headers.Authorization"
                        + "|a credential never travels in a spec",
                "{\"method\":\"DELETE\",\"latency\":{\"requests\":20}}|smokeChecks[1].latency|is only for GET or HEAD",
                "{\"jsonPath\":\"$..id\",\"jsonEquals\":\"7\"}|smokeChecks[1].jsonPath|must be a path such as",
            })
    void aBadSmokeRequestIsRefusedNamingItsFieldAndNothingIsStored(String fields, String field, String message)
            throws IOException {
        ObjectNode aimed = spec("api-app").put("version", "9.8.7");
        ((ObjectNode) aimed.withArray("smokeChecks").get(1))
                .setAll((ObjectNode) RunwayJson.wire().readTree(fields));

        postAsDeployer(aimed)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(message))
                .body("errors.size()", equalTo(1));
        as(People.VIEWER)
                .when()
                .get("/releases?application=api-app")
                .then()
                .statusCode(200)
                .body("findAll { it.version == '9.8.7' }.size()", equalTo(0));
    }

    @Test
    void anApplicationWithoutTargetsInTheEnvironmentIsA422NamingBoth() throws IOException {
        postAsDeployer(spec("nowhere-app"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("application 'nowhere-app' in environment 'production'"));
        assertNothingStoredFor("nowhere-app");
    }

    @Test
    void anImageFromAnotherRegistryOrMigrationsWithoutAConfiguredDatabaseAreRefusedBeforeAnythingIsStored()
            throws IOException {
        ObjectNode elsewhere = spec("bare-app");
        ((ObjectNode) elsewhere.get("image")).put("repository", "evil.example.com/shop");

        postAsDeployer(elsewhere)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("image.repository"))
                .body("errors.field", hasItem("migrations"))
                .body("errors.field", hasItem("configuration"))
                .body("detail", containsString("registry 'evil.example.com' is not the registry allowed"));
        assertNothingStoredFor("bare-app");
    }

    @Test
    void aMisspeltFieldAndBrokenJsonAreRejected() throws IOException {
        ObjectNode bad = spec("typo-app");
        bad.set("migartions", bad.get("migrations"));
        postAsDeployer(bad).statusCode(400).body("errors[0].field", equalTo("migartions"));
        as(People.DEPLOYER)
                .contentType("application/json")
                .body("{\"application\": ")
                .when()
                .post("/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownReleaseIsA404Problem() {
        as(People.VIEWER)
                .when()
                .get("/releases/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(People.VIEWER)
                .when()
                .get("/releases/not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aReleaseStartsSendsPreFlightChecksAuditsItAndAdvancesOnTheValidatorsAnswer() throws Exception {
        String location = as(People.DEPLOYER)
                .contentType("application/json")
                .body(spec("api-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .body("status", equalTo("RUNNING"))
                .body("currentPhase", equalTo("PRE_FLIGHT_CHECKS"))
                .body("requestedBy", equalTo("dana-deployer"))
                .extract()
                .header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        Command preFlight = commands(id, Topics.VALIDATION_COMMANDS, 1).get(0);
        assertThat(preFlight.body())
                .isInstanceOfSatisfying(
                        RunChecks.class,
                        checks -> assertThat(checks.baseUrl()).isEqualTo(TargetsProfile.serviceUrl("api-app")));

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

        postAsDeployer(spec("api-app"))
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
                .untilAsserted(() -> as(People.VIEWER)
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("GO_NO_GO"))
                        .body("vote.missing.size()", equalTo(4))
                        .body("facts.previousVersion", equalTo("1.3.2")));
        allVoteGo(location);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(People.VIEWER)
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("DEPLOYMENT_START"))
                        .body("timeline.find { it.stage == 'GO_NO_GO' }.status", equalTo("SUCCEEDED")));
        List<Command> notifications = commands(id, Topics.NOTIFICATION_COMMANDS, 2);
        assertThat(notifications)
                .extracting(c -> ((Announce) c.body()).announcement())
                .containsExactly(Announce.Announcement.VOTE_REQUESTED, Announce.Announcement.DEPLOYMENT_STARTED);
        List<Command> checks = commands(id, Topics.VALIDATION_COMMANDS, 2);
        assertThat(checks).hasSize(2);
    }

    @Test
    void aDecisionIsRefusedWhenTheReleaseIsNotAwaitingOneAndABadDecisionNamesItsField() throws Exception {
        String location = start("undecided-app");

        as(People.DEPLOYER)
                .contentType("application/json")
                .body("{\"action\":\"ROLLBACK\",\"reason\":\"looks bad\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(403);
        as(People.LEAD)
                .contentType("application/json")
                .body("{\"action\":\"ROLLBACK\",\"reason\":\"looks bad\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("not awaiting a decision"));
        as(People.LEAD)
                .contentType("application/json")
                .body("{\"action\":\"PANIC\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("action"))
                .body("errors[0].message", containsString("CONTINUE"));
        as(People.LEAD)
                .contentType("application/json")
                .body("{\"action\":\"CONTINUE\",\"reason\":\"fine\",\"decidedBy\":\"someone else\"}")
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
        allVoteGo(location);
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
                .untilAsserted(() -> as(People.VIEWER)
                        .when()
                        .get(location)
                        .then()
                        .body("status", equalTo("AWAITING_DECISION"))
                        .body("image", equalTo("registry.sandbox.local/shop@" + DIGEST))
                        .body("targets.kubernetes.deployment", equalTo("guarded-app"))
                        .body("targets.serviceUrl", equalTo(TargetsProfile.serviceUrl("guarded-app")))
                        .body("currentPhase", equalTo("APPLICATION_DEPLOYMENT"))
                        .body("decision.evidence", equalTo(explanation))
                        .body("guards.error-rate-evaluate.value", equalTo("0.0210")));
        assertThat(commands(id, Topics.NOTIFICATION_COMMANDS, 3))
                .extracting(c -> ((Announce) c.body()).announcement())
                .contains(Announce.Announcement.DECISION_REQUESTED);

        as(People.LEAD)
                .contentType("application/json")
                .body("{\"action\":\"CONTINUE\",\"reason\":\"a known noisy endpoint\"}")
                .when()
                .post(location + "/decisions")
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body(
                        "timeline.find { it.stage == 'DECISION' }.notes",
                        containsString("CONTINUE decided by lee-lead: a known noisy endpoint"));
        answer(id, rollout, succeeded(Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "4")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(People.VIEWER)
                        .when()
                        .get(location)
                        .then()
                        .body("currentPhase", equalTo("CONFIGURATION_UPDATE")));
        assertThat(KAFKA.records(
                        Topics.AUDIT,
                        r -> id.toString().equals(r.key())
                                && r.value().contains("lee-lead")
                                && "lee-lead".equals(KafkaTestClient.header(r, "ce_actor")),
                        records -> !records.isEmpty(),
                        Duration.ofSeconds(10)))
                .isNotEmpty();
    }

    /** The four people vote GO, the People.DBA with the migrations' hash the release shows. */
    private static void allVoteGo(String location) {
        String hash = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> as(People.VIEWER)
                                .when()
                                .get(location)
                                .then()
                                .extract()
                                .path("vote.migrationsHash"),
                        h -> h != null);
        // only the DBA's GO may consent to migrating without a rehearsal (runbook Step 2.2)
        vote(People.LEAD, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\",\"skipRehearsal\":true}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("skipRehearsal"));
        vote(People.LEAD, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}")
                .statusCode(200);
        vote(People.DEVOPS, location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}")
                .statusCode(200);
        vote(People.MANAGER, location, "{\"role\":\"ENGINEERING_MANAGER\",\"decision\":\"GO\"}")
                .statusCode(200);
        vote(
                        People.DBA,
                        location,
                        "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"GO\",\"migrationsHash\":\"" + hash + "\"}")
                .statusCode(200);
    }

    private static ValidatableResponse vote(String token, String location, String body) {
        return as(token)
                .contentType("application/json")
                .body(body)
                .when()
                .post(location + "/votes")
                .then();
    }

    /** {@code POST /releases} of {@code spec} by the deployer, ready for assertions on the answer. */
    private static ValidatableResponse postAsDeployer(ObjectNode spec) {
        return as(People.DEPLOYER)
                .contentType("application/json")
                .body(spec.toString())
                .when()
                .post("/releases")
                .then();
    }

    /** A refused spec leaves no release behind. */
    private static void assertNothingStoredFor(String application) {
        as(People.VIEWER)
                .when()
                .get("/releases?application=" + application)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    private static String start(String application) throws IOException {
        return as(People.DEPLOYER)
                .contentType("application/json")
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
                                UUID.randomUUID(),
                                release,
                                command.commandId(),
                                Instant.now(),
                                Worker.consuming(command.topic()).id(),
                                body)));
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
