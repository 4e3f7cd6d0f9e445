package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.runway.coordinator.phase.Worker;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RunChecks;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /releases/{id}/timeline} and {@code /incident-report} against a release driven over the real broker. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class ReportApiIT {

    private static final KafkaTestClient KAFKA = KafkaTestClient.onTestBroker();

    private static final String CORRUPTION =
            "data integrity: foreign key order_line_order_id_fkey on public.order_line has 2 orphan rows";

    /** One release rolled back by the migrator's corruption finding, shared by the tests that read its reports. */
    private static String rolledBack;

    private static final class People {
        static final String DEPLOYER = Tokens.of("dana-deployer", "deployer");
        static final String VIEWER = Tokens.of("val-viewer", "viewer");
        static final String LEAD = Tokens.of("lee-lead", "deployment-lead");
        static final String DEVOPS = Tokens.of("sam-devops", "devops");
        static final String DBA = Tokens.of("kim-dba", "dba");
        static final String MANAGER = Tokens.of("alex-manager", "engineering-manager");
    }

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KAFKA);
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    @Test
    void anUnknownReleaseIsA404ProblemAndABadIdA400() {
        String unknown = "/releases/" + UUID.randomUUID();
        for (String accept : List.of("text/markdown", "text/csv", "application/json")) {
            as(People.VIEWER)
                    .accept(accept)
                    .when()
                    .get(unknown + "/timeline")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/release-not-found"));
        }
        as(People.VIEWER)
                .accept("text/markdown")
                .when()
                .get(unknown + "/incident-report")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", endsWith("/release-not-found"));
        as(People.VIEWER)
                .accept("text/markdown")
                .when()
                .get("/releases/not-a-uuid/timeline")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-release-id"));
    }

    @Test
    void theTimelineIsMarkdownCsvOrJsonAsAcceptAsks() throws Exception {
        String location = rolledBackRelease();

        String md = as(People.VIEWER)
                .accept("text/markdown")
                .when()
                .get(location + "/timeline")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .extract()
                .asString();
        assertThat(md)
                .contains("| Time | Phase | Task | Status | Duration | Notes |")
                .contains("| Phase 2 | Database migration | ❌ |")
                .contains("| R3 | Rollback database | ✅ |")
                .contains("Times are UTC")
                .contains("**Rollback Required:** Yes")
                .doesNotContain("**Issues:** None");

        String csv = as(People.VIEWER)
                .accept("text/csv")
                .when()
                .get(location + "/timeline")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(csv).startsWith("Time,Phase,Task,Status,Duration,Notes\r\n").contains(",R3,Rollback database,");

        as(People.VIEWER)
                .when()
                .get(location + "/timeline")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("status", equalTo("ROLLED_BACK"))
                .body("rollbackRequired", equalTo(true))
                .body("rows.stage", hasItem("ROLL_BACK_DATABASE"))
                .body("rows.find { it.stage == 'DATABASE_MIGRATION' }.mark", equalTo("❌"));

        as(People.VIEWER)
                .accept("application/xml")
                .when()
                .get(location + "/timeline")
                .then()
                .statusCode(406)
                .contentType("application/problem+json")
                .body("detail", containsString("text/markdown"));
    }

    @Test
    void theIncidentReportOfARolledBackReleaseNamesItsTriggerAndEvidence() throws Exception {
        String location = rolledBackRelease();

        String md = as(People.VIEWER)
                .accept("text/markdown")
                .when()
                .get(location + "/incident-report")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .extract()
                .asString();
        assertThat(md)
                .startsWith("# Production Deployment Rollback - v1.4.0\n")
                .contains("**DATABASE_CORRUPTION**, on the runbook's IMMEDIATE ROLLBACK REQUIRED list: Database"
                        + " corruption detected")
                .contains(CORRUPTION)
                .contains("- Database: rolled back ✅")
                .contains("- Application: not needed")
                .contains("- Running before the release: v1.3.2")
                .contains(location.substring(location.indexOf("/releases/")))
                .contains("- [ ] Schedule the post-mortem within 24-48 hours");

        as(People.VIEWER)
                .when()
                .get(location + "/incident-report")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("title", equalTo("Production Deployment Rollback - v1.4.0"))
                .body("trigger.name", equalTo("DATABASE_CORRUPTION"))
                .body("trigger.evidence", containsString(CORRUPTION))
                .body("rollback.targetSeconds", equalTo(300))
                .body("rollback.withinTarget", equalTo(true))
                .body("links.dashboard", endsWith("/dashboard" + location.substring(location.indexOf("/releases/"))));
    }

    @Test
    void aReleaseThatDidNotRollBackHasNoIncidentReport() throws Exception {
        String location = as(People.DEPLOYER)
                .contentType("application/json")
                .body(ReleaseApiIT.spec("reported-app").toString())
                .when()
                .post("/releases")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        as(People.LEAD).when().post(location + "/abort").then().statusCode(200);

        as(People.VIEWER)
                .accept("text/markdown")
                .when()
                .get(location + "/incident-report")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/not-rolled-back"))
                .body("detail", containsString("ABORTED before anything changed"));
    }

    /** Starts {@code reported-app}, fails its migration on corruption and answers each rollback step; once. */
    private static synchronized String rolledBackRelease() throws Exception {
        if (rolledBack != null) {
            return rolledBack;
        }
        String location = as(People.DEPLOYER)
                .contentType("application/json")
                .body(ReleaseApiIT.spec("reported-app").toString())
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
                succeeded(Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2")));
        allVoteGo(location);
        answer(id, commands(id, Topics.VALIDATION_COMMANDS, 2).get(1), succeeded(Map.of()));
        answer(
                id,
                commands(id, Topics.MIGRATION_COMMANDS, 1).get(0),
                new StepFailed(
                        CORRUPTION,
                        List.of(new Measurement("orphanRows", "2", "rows", Measurement.Status.FAILED, Instant.now())),
                        RollbackTrigger.DATABASE_CORRUPTION));
        Command database = commands(id, Topics.MIGRATION_COMMANDS, 2).get(1);
        assertThat(database.body()).isInstanceOf(RollBackMigration.class);
        answer(id, database, succeeded(Map.of()));
        Command verify = commands(id, Topics.VALIDATION_COMMANDS, 3).get(2);
        assertThat(verify.body()).isInstanceOf(RunChecks.class);
        answer(id, verify, succeeded(Map.of()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> as(People.VIEWER).when().get(location).then().body("status", equalTo("ROLLED_BACK")));
        rolledBack = location;
        return location;
    }

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
        vote(People.LEAD, location, "{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}");
        vote(People.DEVOPS, location, "{\"role\":\"DEVOPS_ENGINEER\",\"decision\":\"GO\"}");
        vote(People.MANAGER, location, "{\"role\":\"ENGINEERING_MANAGER\",\"decision\":\"GO\"}");
        vote(
                People.DBA,
                location,
                "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"GO\",\"migrationsHash\":\"" + hash + "\"}");
    }

    private static void vote(String token, String location, String body) {
        as(token)
                .contentType("application/json")
                .body(body)
                .when()
                .post(location + "/votes")
                .then()
                .statusCode(200);
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

    private static List<Command> commands(UUID release, String topic, int count) {
        return KAFKA.rawValues(topic, release.toString(), values -> values.size() >= count).stream()
                .map(ReportApiIT::read)
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
