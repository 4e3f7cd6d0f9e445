package dev.runway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.model.audit.CloudEvent;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.command.Announce;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RollbackFacts;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.StartMigration;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.directory.NotifierDirectory;
import dev.runway.model.event.Announced;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.LatencyThresholds;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format: each payload must write exactly its golden file and read back equal. A
 * failing test here means every other service and every stored message is affected; change the
 * golden file only together with a schema version bump.
 */
class WireFormatGoldenTest {

    private static final ObjectMapper JSON = RunwayJson.wire();
    private static final UUID RELEASE = UUID.fromString("7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f");
    private static final UUID COMMAND = UUID.fromString("0b8f2c1d-3e4a-4b5c-8d6e-7f8091a2b3c4");
    private static final UUID EVENT = UUID.fromString("c4b3a291-80f7-4e6d-9c5b-4a3e2d1c0b9a");
    private static final Instant AT = Instant.parse("2026-11-26T14:20:00Z");
    private static final KubernetesTarget SHOP = new KubernetesTarget("production", "shop", "shop");

    @Test
    void releaseSpecReadsTheDocumentedExample() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec.json"), ReleaseSpec.class);

        assertThat(spec.application()).isEqualTo("shop");
        assertThat(spec.image().reference())
                .isEqualTo(
                        "registry.sandbox.local/shop@sha256:5f0c1b8e9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b");
        assertThat(spec.migrations()).hasSize(2);
        assertThat(spec.hasConfigurationChange()).isTrue();
        assertThat(spec.smokeChecks()).hasSize(2);
        assertThat(spec.thresholdsOrDefaults().smokePassRatePercent()).isEqualTo(95);
        assertThat(spec.guards().rules())
                .extracting(GuardRule::name)
                .containsExactly("error-rate-immediate", "checkout-latency-p99");
        assertThat(spec.guards().onDecisionTimeout()).isEqualTo(DecisionAction.ROLLBACK);
        assertThat(spec.guards().observationSeconds()).isEqualTo(300);
        assertThat(JSON.readTree(JSON.writeValueAsString(spec))).isEqualTo(JSON.readTree(golden("release-spec.json")));
    }

    /**
     * Phase 7's smoke suite in a spec: a POST with headers, a body, a credential's name and a JSON value expected, and
     * a latency series, all optional fields within version 1; a spec without them (above) writes none of them.
     */
    @Test
    void releaseSpecWithTheSmokeSuite() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec-smoke-suite.json"), ReleaseSpec.class);

        SmokeCheck order = spec.smokeChecks().get(1);
        assertThat(order.methodOrGet()).isEqualTo("POST");
        assertThat(order.headers())
                .containsExactly(entry("Content-Type", "application/json"), entry("Accept", "application/json"));
        assertThat(order.credential()).isEqualTo("checkout-bot");
        assertThat(order.isPlainGet()).isFalse();
        assertThat(spec.smokeChecks().get(0).isPlainGet()).isTrue();
        assertThat(spec.smokeChecks().get(2).latency().requests()).isEqualTo(20);
        assertThat(spec.thresholdsOrDefaults().latencyOrDefaults()).isEqualTo(LatencyThresholds.RUNBOOK_DEFAULTS);
        assertThat(JSON.readTree(JSON.writeValueAsString(spec)))
                .isEqualTo(JSON.readTree(golden("release-spec-smoke-suite.json")));
        assertThat(JSON.readTree(golden("release-spec.json"))
                        .at("/smokeChecks/0")
                        .has("method"))
                .isFalse();
    }

    /** A JSON number where a text is expected reads as its text, so {@code "jsonEquals": 42} means 42. */
    @Test
    void aSmokeChecksExpectedJsonValueMayBeWrittenAsANumber() throws IOException {
        SmokeCheck check = RunwayJson.strict()
                .readValue(
                        "{\"name\":\"n\",\"path\":\"/\",\"expectedStatus\":200,\"bodyContains\":null,"
                                + "\"jsonPath\":\"$.count\",\"jsonEquals\":42}",
                        SmokeCheck.class);

        assertThat(check.jsonEquals()).isEqualTo("42");
    }

    /** Phase 7 as the coordinator sends it: a smoke request and a latency series, naming the environment. */
    @Test
    void runChecksCommandOfTheSmokeSuite() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        RunChecks.Smoke order = new RunChecks.Smoke(
                "POST", headers, "{\"sku\":\"A-100\"}", "checkout-bot", "$.items[0].sku", "A-100", null);
        RunChecks.Smoke health =
                new RunChecks.Smoke(null, null, null, null, null, null, new RunChecks.Series(20, 100, 200, 500, 1000));
        assertPinned(
                "command-run-checks-smoke-suite.json",
                command(
                        Phase.SMOKE_TESTING,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.status("homepage", "/"),
                                        RunChecks.Check.smokeRequest("place order", "/api/v1/orders", 201, null, order),
                                        RunChecks.Check.latencySeries("health latency", "/health", 200, health)),
                                null,
                                95,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    @Test
    void aLatencySeriesWithoutItsSeriesIsRefusedWhenRead() {
        String noSeries = "{\"name\":\"l\",\"kind\":\"LATENCY_SERIES\",\"path\":\"/health\",\"expectedStatus\":200,"
                + "\"smoke\":{}}";

        assertThatThrownBy(() -> JSON.readValue(noSeries, RunChecks.Check.class))
                .hasStackTraceContaining("a LATENCY_SERIES check needs path and smoke.series: l");
    }

    @Test
    void runChecksCommand() throws IOException {
        assertPinned(
                "command-run-checks.json",
                command(
                        Phase.SERVICE_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.status("health", "/health"),
                                        new RunChecks.Check(
                                                "version", RunChecks.CheckKind.VERSION_REPORTED, "/health", 200, null)),
                                "1.4.0",
                                100,
                                500)),
                Command.class);
    }

    /**
     * Phase 5 with a public URL: the TLS certificate, HTTPS redirect and HSTS checks carry their absolute URL and
     * threshold, and the command names the environment whose trust store the validator adds.
     */
    @Test
    void runChecksCommandWithThePublicEndpointsChecks() throws IOException {
        assertPinned(
                "command-run-checks-public-endpoint.json",
                command(
                        Phase.SERVICE_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.status("health", "/health"),
                                        RunChecks.Check.tlsCertificate("tls-certificate", "https://shop.example/", 30),
                                        RunChecks.Check.httpsRedirect("https-redirect", "http://shop.example/"),
                                        RunChecks.Check.hsts("hsts", "https://shop.example/", 31536000L)),
                                "1.4.0",
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
        assertThat(JSON.readTree(golden("command-run-checks.json")).get("body").has("environment"))
                .isFalse();
    }

    @Test
    void aPublicEndpointCheckWithoutItsUrlOrThresholdIsRefusedWhenRead() {
        String tlsWithoutDays = "{\"name\":\"tls\",\"kind\":\"TLS_CERTIFICATE\",\"expectedStatus\":0,"
                + "\"url\":\"https://shop.example/\"}";

        assertThatThrownBy(() -> JSON.readValue(tlsWithoutDays, RunChecks.Check.class))
                .hasStackTraceContaining("a TLS_CERTIFICATE check needs url and minValidDays: tls");
    }

    /** Without a public URL the command says so, and the validator's report repeats it. */
    @Test
    void runChecksCommandNamingWhatItLeavesOut() throws IOException {
        assertPinned(
                "command-run-checks-not-checked.json",
                command(
                        Phase.SERVICE_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(RunChecks.Check.status("health", "/health")),
                                "1.4.0",
                                100,
                                500,
                                "production",
                                List.of("TLS certificate, HTTPS redirect and HSTS not checked:"
                                        + " no public-url configured for shop in production"))),
                Command.class);
    }

    /**
     * Pre-flight with the database and PagerDuty checks: each carries its dependency (the database by the migrator's
     * name, or PagerDuty's service id) and its threshold; Phase 9's carry the pre-flight baseline.
     */
    @Test
    void runChecksCommandWithTheDatabaseAndIncidentChecks() throws IOException {
        assertPinned(
                "command-run-checks-database-and-incidents.json",
                command(
                        Phase.PRE_FLIGHT_CHECKS,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.databaseReachable("database", "shop"),
                                        RunChecks.Check.databaseConnections("database-connections", "shop", 80),
                                        RunChecks.Check.databaseSlowQueries("slow-queries", "shop", 5, null),
                                        RunChecks.Check.databaseSize("database-size", "shop", 10_737_418_240L),
                                        RunChecks.Check.openIncidents("open-incidents", "PIJ90N7"),
                                        RunChecks.Check.databaseConnectionsWithin(
                                                "database-connections-baseline", "shop", 12, 20, 5),
                                        RunChecks.Check.databaseSlowQueries(
                                                "new-slow-queries", "shop", 5, AT.minusSeconds(1800))),
                                null,
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    @Test
    void aDatabaseCheckWithoutItsDatabaseIsRefusedWhenRead() {
        String withoutDatabase = "{\"name\":\"database-size\",\"kind\":\"DATABASE_SIZE\",\"expectedStatus\":0,"
                + "\"dependency\":{\"maxSizeBytes\":1024}}";

        assertThatThrownBy(() -> JSON.readValue(withoutDatabase, RunChecks.Check.class))
                .hasStackTraceContaining("a DATABASE_SIZE check needs dependency.database and maxSizeBytes");
    }

    @Test
    void theBaselineAllowsItsTolerancePercentButAtLeastItsMinimum() {
        assertThat(RunChecks.Check.databaseConnectionsWithin("c", "shop", 100, 20, 5)
                        .dependency()
                        .allowedConnections())
                .isEqualTo(120);
        assertThat(RunChecks.Check.databaseConnectionsWithin("c", "shop", 3, 20, 5)
                        .dependency()
                        .allowedConnections())
                .isEqualTo(8);
        assertThat(RunChecks.Check.databaseConnectionsWithin("c", "shop", 11, 20, 0)
                        .dependency()
                        .allowedConnections())
                .isEqualTo(14);
    }

    @Test
    void startMigrationCommand() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec.json"), ReleaseSpec.class);
        assertPinned(
                "command-start-migration.json",
                command(
                        Phase.DATABASE_MIGRATION,
                        new StartMigration("shop", "runway-" + RELEASE, spec.migrations(), 600)),
                Command.class);
    }

    /** A vote stored before skipRehearsal existed reads back as no consent, and only a consent is written. */
    @Test
    void aGoNoGoVoteWritesSkipRehearsalOnlyWhenItConsents() throws IOException {
        dev.runway.model.spec.GoNoGoVote stored = RunwayJson.strict()
                .readValue(
                        "{\"role\":\"DATABASE_ADMINISTRATOR\",\"decision\":\"GO\",\"by\":\"kim\","
                                + "\"at\":\"2026-11-26T14:20:00Z\"}",
                        dev.runway.model.spec.GoNoGoVote.class);

        assertThat(stored.skipsRehearsal()).isFalse();
        assertThat(JSON.writeValueAsString(stored)).doesNotContain("skipRehearsal");
        assertThat(JSON.writeValueAsString(new dev.runway.model.spec.GoNoGoVote(
                        stored.role(), stored.decision(), "kim", null, stored.at(), true)))
                .contains("\"skipRehearsal\":true");
    }

    /**
     * The DBA consented in the vote to skipping the rehearsal (Step 2.2), and a migration sets its own lock_timeout and
     * statement_timeout (Step 2.3); the plain command above writes none of the three.
     */
    @Test
    void startMigrationCommandWithTheDbasConsentToSkipTheRehearsalAndAMigrationsOwnTimeouts() throws IOException {
        Migration reindex = new Migration(
                "20261127_003",
                "index orders by coupon",
                "CREATE INDEX orders_coupon ON orders (coupon_code)",
                "DROP INDEX orders_coupon",
                2,
                300);
        StartMigration start = new StartMigration(
                "shop",
                "runway-" + RELEASE,
                List.of(reindex),
                600,
                null,
                dev.runway.model.command.Rehearsal.skippedWithConsentOf("kim"));

        assertPinned("command-start-migration-rehearsal.json", command(Phase.DATABASE_MIGRATION, start), Command.class);
        assertThat(start.rehearsalSkipped()).isTrue();
        JsonNode plain = JSON.readTree(golden("command-start-migration.json")).get("body");
        assertThat(plain.has("rehearsal")).isFalse();
        assertThat(plain.get("migrations").get(0).has("lockTimeoutSeconds")).isFalse();
        assertThat(plain.get("migrations").get(0).has("statementTimeoutSeconds"))
                .isFalse();
        assertThat(JSON.readValue(golden("command-start-migration.json"), Command.class)
                        .body())
                .isInstanceOfSatisfying(
                        StartMigration.class,
                        s -> assertThat(s.rehearsalSkipped()).isFalse());
    }

    /**
     * A release's own verification after its migrations (Steps 2.4 and 2.5): expected tables and columns and named
     * read-only checks, carried into StartMigration; a spec and a command without it (above) write none of it.
     */
    @Test
    void releaseSpecWithVerificationAndTheStartMigrationItBecomes() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec-verification.json"), ReleaseSpec.class);

        assertThat(spec.verification().expectedColumns())
                .containsExactly(entry("orders", List.of("id", "coupon_code")), entry("public.coupon", List.of()));
        assertThat(spec.verification().checks())
                .extracting(DatabaseVerification.Check::name)
                .containsExactly("no_negative_totals", "coupons_have_codes");
        assertThat(JSON.readTree(JSON.writeValueAsString(spec)))
                .isEqualTo(JSON.readTree(golden("release-spec-verification.json")));
        StartMigration start =
                new StartMigration("shop", "runway-" + RELEASE, spec.migrations(), 600, spec.verification());
        assertThat(start.targetVersion()).isEqualTo("20261127_002");
        assertPinned(
                "command-start-migration-verification.json", command(Phase.DATABASE_MIGRATION, start), Command.class);
        assertThat(JSON.readTree(golden("release-spec.json")).has("verification"))
                .isFalse();
        assertThat(JSON.readTree(golden("command-start-migration.json"))
                        .get("body")
                        .has("verification"))
                .isFalse();
    }

    @Test
    void rollBackMigrationCommand() throws IOException {
        assertPinned(
                "command-roll-back-migration.json",
                command(Phase.DATABASE_MIGRATION, new RollBackMigration("shop", "runway-" + RELEASE)),
                Command.class);
    }

    /** The facts the migrator chooses a rollback with (Step R3); the command without them (above) writes none. */
    @Test
    void rollBackMigrationCommandWithRollbackFacts() throws IOException {
        RollbackFacts facts = new RollbackFacts(
                "s3://runway-backups/shop/" + RELEASE + "/backup-pre-migration-20261126t141500z.dump",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "pre-deploy-1-5-0-20261126t141500z",
                AT.minusSeconds(300),
                false);
        assertPinned(
                "command-roll-back-migration-facts.json",
                command(Phase.DATABASE_MIGRATION, new RollBackMigration("shop", "runway-" + RELEASE, facts)),
                Command.class);
        assertThat(JSON.readTree(golden("command-roll-back-migration.json"))
                        .get("body")
                        .has("facts"))
                .isFalse();
    }

    /** A migration marked expand-only writes its mark; one not marked writes none. */
    @Test
    void migrationMarkedBackwardCompatible() throws IOException {
        Migration marked =
                new Migration("20261127_003", "add coupon", "ALTER TABLE orders ADD coupon text", null, true);
        String json = JSON.writeValueAsString(marked);
        assertThat(JSON.readTree(json).get("backwardCompatible").asBoolean()).isTrue();
        assertThat(RunwayJson.strict().readValue(json, Migration.class)).isEqualTo(marked);
        assertThat(marked.expandOnly()).isTrue();
        assertThat(marked.reversibleBySql()).isFalse();
        assertThat(JSON.readTree(JSON.writeValueAsString(new Migration("a", "b", "c", "d")))
                        .has("backwardCompatible"))
                .isFalse();
    }

    @Test
    void rollOutDeploymentCommand() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec.json"), ReleaseSpec.class);
        assertPinned(
                "command-roll-out-deployment.json",
                command(Phase.APPLICATION_DEPLOYMENT, new RollOutDeployment(SHOP, spec.image(), 600)),
                Command.class);
    }

    @Test
    void anExpiringCommandCarriesItsNotAfterAndOneWithoutWritesNone() throws IOException {
        ReleaseSpec spec = RunwayJson.strict().readValue(golden("release-spec.json"), ReleaseSpec.class);
        Command expiring = command(Phase.APPLICATION_DEPLOYMENT, new RollOutDeployment(SHOP, spec.image(), 600))
                .expiringAt(AT.plusSeconds(600));
        assertPinned("command-roll-out-deployment-expiring.json", expiring, Command.class);
        assertThat(expiring.expiredAt(AT.plusSeconds(600))).isFalse();
        assertThat(expiring.expiredAt(AT.plusSeconds(601))).isTrue();
        assertThat(JSON.readTree(golden("command-roll-out-deployment.json")).has("notAfter"))
                .isFalse();
    }

    @Test
    void rollBackDeploymentCommand() throws IOException {
        assertPinned(
                "command-roll-back-deployment.json",
                command(Phase.SERVICE_VALIDATION, new RollBackDeployment(SHOP, 4, 300)),
                Command.class);
    }

    @Test
    void aCompensatingRollbackNamesTheRolloutItUndoesAndAnOrdinaryOneWritesNone() throws IOException {
        UUID rollout = UUID.fromString("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
        assertPinned(
                "command-roll-back-deployment-compensating.json",
                command(Phase.APPLICATION_DEPLOYMENT, new RollBackDeployment(SHOP, 0, 600, rollout))
                        .expiringAt(AT.plusSeconds(660)),
                Command.class);
        assertThat(JSON.readTree(golden("command-roll-back-deployment.json"))
                        .get("body")
                        .has("undoes"))
                .isFalse();
    }

    @Test
    void aCompensatingRestoreNamesTheApplyItUndoes() throws IOException {
        UUID apply = UUID.fromString("6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0");
        assertPinned(
                "command-restore-configuration-compensating.json",
                command(Phase.CONFIGURATION_UPDATE, new RestoreConfiguration(SHOP, "shop-config", 600, apply))
                        .expiringAt(AT.plusSeconds(660)),
                Command.class);
    }

    @Test
    void applyConfigurationCommand() throws IOException {
        assertPinned(
                "command-apply-configuration.json",
                command(
                        Phase.CONFIGURATION_UPDATE,
                        new ApplyConfiguration(SHOP, "shop-config", Map.of("FEATURE_X", "on"), true, 600)),
                Command.class);
    }

    @Test
    void invalidateCachesCommand() throws IOException {
        assertPinned(
                "command-invalidate-caches.json",
                command(
                        Phase.CACHE_INVALIDATION,
                        new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, "shop-sessions")))),
                Command.class);
    }

    @Test
    void invalidateCachesCommandWithACloudFrontDistribution() throws IOException {
        assertPinned(
                "command-invalidate-caches-cloudfront.json",
                command(
                        Phase.CACHE_INVALIDATION,
                        new InvalidateCaches(List.of(
                                new CacheTarget(CacheType.REDIS, "shop-sessions"),
                                new CacheTarget(CacheType.CLOUDFRONT, "shop-cdn")))),
                Command.class);
    }

    @Test
    void announceCommand() throws IOException {
        assertPinned(
                "command-announce.json",
                command(
                        Phase.SERVICE_VALIDATION,
                        new Announce(
                                Announce.Announcement.ROLLBACK_INITIATED,
                                "shop",
                                "production",
                                "1.4.0",
                                new dev.runway.model.spec.NotificationTargets("deployments", "shop-oncall"),
                                Map.of(
                                        Announce.Facts.REASON,
                                        "/health answered 503",
                                        Announce.Facts.PREVIOUS_VERSION,
                                        "1.3.2"))),
                Command.class);
    }

    @Test
    void decisionRequestedAnnounceCommand() throws IOException {
        String evidence = "error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10% at"
                + " 2026-11-26T14:20:00Z, 61 sample(s) from 2026-11-26T14:15:00Z between 1.40% and 2.60%";
        assertPinned(
                "command-announce-decision-requested.json",
                command(
                        Phase.SMOKE_TESTING,
                        new Announce(
                                Announce.Announcement.DECISION_REQUESTED,
                                "shop",
                                "production",
                                "1.4.0",
                                new dev.runway.model.spec.NotificationTargets("deployments", "shop-oncall"),
                                Map.of(
                                        Announce.Facts.REASON, evidence,
                                        Announce.Facts.EVIDENCE, evidence,
                                        Announce.Facts.TRIGGER, "ERROR_RATE_ELEVATED",
                                        Announce.Facts.RULE, "error-rate-evaluate",
                                        Announce.Facts.SEVERITY, "EVALUATE",
                                        Announce.Facts.DECIDE_BY, "2026-11-26T14:35:00Z",
                                        Announce.Facts.ON_TIMEOUT, "ROLLBACK",
                                        Announce.Facts.DECISION_COMMAND,
                                                "curl -X POST http://localhost:8080/releases/" + RELEASE
                                                        + "/decisions -H 'Content-Type: application/json'"
                                                        + " -d '{\"action\":\"ROLLBACK\",\"reason\":\"...\","
                                                        + "\"decidedBy\":\"...\"}'"))),
                Command.class);
    }

    @Test
    void hypercareAlertAnnounceCommand() throws IOException {
        String evidence = "error-rate-immediate: error rate > 5.00% for 60 s breached: last 10.12%";
        assertPinned(
                "command-announce-hypercare-alert.json",
                command(
                        Phase.DEPLOYMENT_COMPLETION,
                        new Announce(
                                Announce.Announcement.HYPERCARE_ALERT,
                                "shop",
                                "production",
                                "1.4.0",
                                new dev.runway.model.spec.NotificationTargets("deployments", "shop-oncall"),
                                Map.of(
                                        Announce.Facts.REASON, evidence,
                                        Announce.Facts.EVIDENCE, evidence,
                                        Announce.Facts.TRIGGER, "ERROR_RATE_SUSTAINED",
                                        Announce.Facts.RULE, "error-rate-immediate",
                                        Announce.Facts.SEVERITY, "IMMEDIATE",
                                        Announce.Facts.HYPERCARE_UNTIL, "2026-11-26T14:50:00Z",
                                        Announce.Facts.DECISION_COMMAND,
                                                "curl -X POST http://localhost:8080/releases/" + RELEASE
                                                        + "/decisions -H 'Content-Type: application/json'"
                                                        + " -d '{\"action\":\"ROLLBACK\",\"reason\":\"...\","
                                                        + "\"decidedBy\":\"...\"}'"))),
                Command.class);
    }

    @Test
    void stepProgressedEvent() throws IOException {
        assertPinned(
                "event-step-progressed.json",
                event(new StepProgressed(
                        "2 of 3 updated replicas are available",
                        List.of(new Measurement(
                                "availableUpdatedReplicas", "2", "replicas", Measurement.Status.INCONCLUSIVE, AT)))),
                Event.class);
    }

    @Test
    void stepSucceededEvent() throws IOException {
        assertPinned(
                "event-step-succeeded.json",
                event(new StepSucceeded(
                        "deployment \"shop\" successfully rolled out",
                        List.of(new Measurement("rolloutDuration", "4210", "ms", Measurement.Status.SUCCESSFUL, AT)),
                        Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "4", StepSucceeded.Outputs.REVISION, "5"))),
                Event.class);
    }

    @Test
    void stepFailedEvent() throws IOException {
        assertPinned(
                "event-step-failed.json",
                event(new StepFailed(
                        "image digest mismatch: expected sha256:aaa…, registry has sha256:bbb…", List.of())),
                Event.class);
    }

    /** A failure that is one of the runbook's rollback triggers names it; one without (above) writes none. */
    @Test
    void stepFailedEventNamingItsTrigger() throws IOException {
        assertPinned(
                "event-step-failed-database-corruption.json",
                Event.of(
                        EVENT,
                        RELEASE,
                        COMMAND,
                        AT,
                        "migrator",
                        new StepFailed(
                                "data integrity: referential integrity: foreign key order_line_order_id_fkey on"
                                        + " public.order_line (NOT VALID) has 2 orphan rows",
                                List.of(new Measurement("orphanRows", "2", "rows", Measurement.Status.FAILED, AT)),
                                RollbackTrigger.DATABASE_CORRUPTION)),
                Event.class);
        assertThat(JSON.readTree(golden("event-step-failed.json")).get("body").has("trigger"))
                .isFalse();
    }

    @Test
    void commandRefusedEvent() throws IOException {
        assertPinned(
                "event-command-refused.json",
                event(new CommandRefused("expired at 2026-11-26T14:30:00Z; read at 2026-11-26T14:41:07Z")),
                Event.class);
    }

    @Test
    void announcedEventNamesEveryDeliveryAndTheEscalation() throws IOException {
        Announced announced = new Announced(
                Announce.Announcement.ROLLBACK_INITIATED,
                List.of(
                        new Delivery(Delivery.Route.CHAT, "deployments", Delivery.Outcome.UNREACHABLE, 503, 4, AT),
                        new Delivery(Delivery.Route.PAGING, "shop-oncall", Delivery.Outcome.DELIVERED, 202, 1, AT)),
                new Delivery(Delivery.Route.PAGING, "shop-oncall", Delivery.Outcome.DELIVERED, 202, 1, AT));
        assertPinned("event-announced.json", Event.of(EVENT, RELEASE, COMMAND, AT, "notifier", announced), Event.class);
        assertThat(announced.deliveries())
                .extracting(Delivery::describe)
                .containsExactly(
                        "not delivered to chat channel 'deployments': 503 after 4 attempts",
                        "delivered to PagerDuty service 'shop-oncall' (202, 1 attempt)");
    }

    @Test
    void notifierDirectoryNamesChannelsAndServicesOnly() throws IOException {
        assertPinned(
                "notifier-directory.json",
                NotifierDirectory.of(Set.of("deployments", "default"), Set.of("shop-oncall"), AT),
                NotifierDirectory.class);
    }

    @Test
    void thresholdBreachedEvent() throws IOException {
        assertPinned(
                "event-threshold-breached.json",
                event(new ThresholdBreached(
                        RollbackTrigger.HEALTH_CHECK_FAILED,
                        "/health answered 503, expected 200",
                        List.of(new Measurement("health", "503", "http_status", Measurement.Status.FAILED, AT)))),
                Event.class);
    }

    @Test
    void watchGuardsCommand() throws IOException {
        assertPinned(
                "command-watch-guards.json",
                command(
                        Phase.APPLICATION_DEPLOYMENT,
                        new WatchGuards(
                                "production", SHOP, GuardRule.RUNBOOK_DEFAULTS, Instant.parse("2026-11-26T15:50:00Z"))),
                Command.class);
    }

    @Test
    void stopGuardsCommand() throws IOException {
        assertPinned(
                "command-stop-guards.json",
                command(Phase.DEPLOYMENT_COMPLETION, new StopGuards("release ended COMPLETED")),
                Command.class);
    }

    @Test
    void thresholdBreachedByAGuardRuleCarriesItsEvidence() throws IOException {
        String query = "sum(rate(http_requests_total{code=~\"5..\"}[30s])) / sum(rate(http_requests_total[30s]))";
        assertPinned(
                "event-threshold-breached-guard.json",
                event(new ThresholdBreached(
                        RollbackTrigger.ERROR_RATE_SUSTAINED,
                        "error-rate-immediate: error rate > 5.00% for 60 s breached",
                        List.of(new Measurement(
                                "error-rate-immediate", "0.1012", "ratio", Measurement.Status.FAILED, AT)),
                        new Evidence(
                                "error-rate-immediate",
                                GuardMetric.ERROR_RATE,
                                query,
                                0.05,
                                60,
                                Severity.IMMEDIATE,
                                Verdict.FAILED,
                                AT.minusSeconds(60),
                                AT,
                                13,
                                0.089,
                                0.114,
                                0.1012,
                                "error-rate-immediate: error rate > 5.00% for 60 s breached: last 10.12%"))),
                Event.class);
    }

    @Test
    void auditReleaseTransitioned() throws IOException {
        assertPinned(
                "audit-release-transitioned.json",
                new ReleaseTransitioned(
                        ReleaseTransitioned.SCHEMA_VERSION,
                        RELEASE,
                        7,
                        "shop",
                        "production",
                        "1.4.0",
                        ReleaseStatus.ROLLING_BACK,
                        Phase.SERVICE_VALIDATION,
                        PhaseStatus.FAILED,
                        "HEALTH_CHECK_FAILED: /health answered 503, expected 200",
                        AT),
                ReleaseTransitioned.class);
    }

    @Test
    void auditReleaseAwaitingDecision() throws IOException {
        assertPinned(
                "audit-release-awaiting-decision.json",
                new ReleaseTransitioned(
                        ReleaseTransitioned.SCHEMA_VERSION,
                        RELEASE,
                        9,
                        "shop",
                        "production",
                        "1.4.0",
                        ReleaseStatus.AWAITING_DECISION,
                        Phase.SMOKE_TESTING,
                        PhaseStatus.RUNNING,
                        "ERROR_RATE_ELEVATED (evaluate): error-rate-evaluate: error rate > 1.00% for 300 s breached",
                        AT),
                ReleaseTransitioned.class);
    }

    /** The Kafka headers of an audit event a person caused: the {@code actor} extension names them. */
    @Test
    void auditCloudEventHeadersCarryTheActor() throws IOException {
        CloudEvent event = new CloudEvent(
                EVENT.toString(),
                "/runway/coordinator",
                ReleaseTransitioned.TYPE,
                RELEASE.toString(),
                "kim-dba",
                AT,
                "{}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        event.kafkaHeaders().forEach((k, v) -> headers.put(k, new String(v, StandardCharsets.UTF_8)));

        assertThat(JSON.readTree(JSON.writeValueAsString(headers)))
                .isEqualTo(JSON.readTree(golden("audit-cloudevent-headers.json")));
        assertThat(CloudEvent.fromKafka(event.kafkaHeaders(), event.data()).actor())
                .isEqualTo("kim-dba");
        CloudEvent byRunway = new CloudEvent(
                EVENT.toString(), "/runway/coordinator", ReleaseTransitioned.TYPE, RELEASE.toString(), null, AT, null);
        assertThat(byRunway.kafkaHeaders()).doesNotContainKey("ce_actor");
    }

    private static Command command(Phase phase, dev.runway.model.command.CommandBody body) {
        return Command.of(COMMAND, RELEASE, AT, phase, body);
    }

    private static Event event(dev.runway.model.event.EventBody body) {
        return Event.of(EVENT, RELEASE, COMMAND, AT, "rollout-agent", body);
    }

    private static <T> void assertPinned(String file, T value, Class<T> type) throws IOException {
        String written = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        if (Boolean.getBoolean("golden.update")) {
            Path target = Path.of("src/test/resources/golden", file);
            Files.writeString(target, written + "\n");
        }
        JsonNode expected = JSON.readTree(golden(file));
        assertThat(JSON.readTree(written)).as(file).isEqualTo(expected);
        assertThat(JSON.readValue(golden(file), type))
                .as("%s reads back", file)
                .usingRecursiveComparison()
                .isEqualTo(value);
    }

    private static InputStream golden(String file) {
        InputStream in = WireFormatGoldenTest.class.getResourceAsStream("/golden/" + file);
        if (in == null) {
            throw new IllegalStateException("no golden file " + file);
        }
        return in;
    }

    /**
     * The cluster and load-balancer checks carry what they read in {@code cluster}, with only the fields their kind
     * needs; the command names the environment whose Kubernetes API and ELBv2 access the validator uses.
     */
    @Test
    void runChecksCommandWithTheClusterChecks() throws IOException {
        assertPinned(
                "command-run-checks-cluster.json",
                command(
                        Phase.SERVICE_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.nodesReady("nodes-ready"),
                                        RunChecks.Check.podsRunning("pods-running", "production"),
                                        RunChecks.Check.serviceEndpoints(
                                                "service-endpoints", "production", "shop", "shop"),
                                        RunChecks.Check.targetHealth(
                                                "target-health",
                                                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
                                                        + "targetgroup/shop-production/50dc6c495c0c9188"),
                                        RunChecks.Check.podRestarts("pod-restarts", "production", "shop")),
                                "1.4.0",
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    /** Phase 9's external integrations: each a GET of the application's health path, with a credential by name. */
    @Test
    void runChecksCommandWithAnIntegrationHealthCheck() throws IOException {
        assertPinned(
                "command-run-checks-integration.json",
                command(
                        Phase.POST_DEPLOYMENT_VERIFICATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(RunChecks.Check.integrationHealth(
                                        "integration payments", "/api/v1/integrations/payments/health", "admin")),
                                "1.4.0",
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    /** Phase 8's test alert: the PagerDuty service it goes to; the routing key is the validator's, never here. */
    @Test
    void runChecksCommandWithATestAlert() throws IOException {
        assertPinned(
                "command-run-checks-test-alert.json",
                command(
                        Phase.MONITORING_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(RunChecks.Check.alertDelivery("test-alert", "PIJ90N7")),
                                null,
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    @Test
    void aTestAlertWithoutItsServiceIsRefusedWhenRead() {
        String withoutService = "{\"name\":\"test-alert\",\"kind\":\"ALERT_DELIVERY\",\"expectedStatus\":0}";

        assertThatThrownBy(() -> JSON.readValue(withoutService, RunChecks.Check.class))
                .hasStackTraceContaining("a ALERT_DELIVERY check needs dependency.pagerDutyServiceId: test-alert");
    }

    @Test
    void anIntegrationCheckWithoutItsPathIsRefusedWhenRead() {
        String withoutPath = "{\"name\":\"integration payments\",\"kind\":\"INTEGRATION_HEALTH\","
                + "\"expectedStatus\":200,\"smoke\":{}}";

        assertThatThrownBy(() -> JSON.readValue(withoutPath, RunChecks.Check.class))
                .hasStackTraceContaining("a INTEGRATION_HEALTH check needs path and smoke: integration payments");
    }

    @Test
    void aClusterCheckWithoutWhatItReadsIsRefusedWhenRead() {
        String endpointsWithoutService = "{\"name\":\"service-endpoints\",\"kind\":\"SERVICE_ENDPOINTS\","
                + "\"expectedStatus\":0,\"cluster\":{\"namespace\":\"production\",\"deployment\":\"shop\"}}";

        assertThatThrownBy(() -> JSON.readValue(endpointsWithoutService, RunChecks.Check.class))
                .hasStackTraceContaining(
                        "a SERVICE_ENDPOINTS check needs a namespace, a service and a deployment: service-endpoints");
    }

    /** Phase 8's checks read from Prometheus: each carries its Monitoring, the command its environment. */
    @Test
    void runChecksCommandWithPrometheusChecks() throws IOException {
        assertPinned(
                "command-run-checks-monitoring.json",
                command(
                        Phase.MONITORING_VALIDATION,
                        new RunChecks(
                                "http://127.0.0.1:18080/apps/shop",
                                List.of(
                                        RunChecks.Check.slo(
                                                "error-rate", RunChecks.CheckKind.SLO_ERROR_RATE, SHOP, 300, 0.1),
                                        RunChecks.Check.alertRules(
                                                "alert-rules", List.of("ShopHighErrorRate", "ShopHighLatency")),
                                        RunChecks.Check.errorBudget("error-budget", SHOP, 99.9, 2_592_000, 90),
                                        RunChecks.Check.baseline("cpu", RunChecks.CheckKind.CPU_USAGE, SHOP, 120),
                                        RunChecks.Check.withinBaseline(
                                                "memory",
                                                RunChecks.CheckKind.MEMORY_USAGE,
                                                SHOP,
                                                120,
                                                268_435_456,
                                                10)),
                                null,
                                100,
                                500,
                                "production",
                                List.of())),
                Command.class);
    }

    @Test
    void aPrometheusCheckWithoutWhatItComparesAgainstIsRefusedWhenRead() {
        String errorRateWithoutLimit = "{\"name\":\"error-rate\",\"kind\":\"SLO_ERROR_RATE\",\"expectedStatus\":0,"
                + "\"monitoring\":{\"windowSeconds\":300}}";
        String alertRulesWithoutNames = "{\"name\":\"alerts\",\"kind\":\"ALERT_RULES_LOADED\",\"expectedStatus\":0}";

        assertThatThrownBy(() -> JSON.readValue(errorRateWithoutLimit, RunChecks.Check.class))
                .hasStackTraceContaining("a SLO_ERROR_RATE check needs monitoring with a limit: error-rate");
        assertThatThrownBy(() -> JSON.readValue(alertRulesWithoutNames, RunChecks.Check.class))
                .hasStackTraceContaining("a ALERT_RULES_LOADED check needs monitoring naming alert rules: alerts");
    }

    @Test
    void aStepSucceededCarriesPreFlightsResourceBaseline() throws IOException {
        assertPinned(
                "event-step-succeeded-baseline.json",
                event(new StepSucceeded(
                        "7 of 7 checks passed (100%)",
                        List.of(),
                        Map.of(
                                StepSucceeded.Outputs.BASELINE_CPU_CORES, "0.0250",
                                StepSucceeded.Outputs.BASELINE_MEMORY_BYTES, "268435456"))),
                Event.class);
    }

    /** The migrator's Phase 2 conclusion names the backup taken before migrating, for a later restore (Step 2.1). */
    @Test
    void aMigrationsStepSucceededCarriesTheBackupLocationChecksumAndSnapshot() throws IOException {
        assertPinned(
                "event-step-succeeded-backup.json",
                event(new StepSucceeded(
                        "1 migration(s) applied to shop, total duration 0.4s; schema version none -> 20261127_001",
                        List.of(
                                new Measurement("backup size", "18342", "bytes", Measurement.Status.SUCCESSFUL, AT),
                                new Measurement(
                                        "backup sha256",
                                        "3f2a9c01d4e7b8a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2",
                                        "sha256",
                                        Measurement.Status.SUCCESSFUL,
                                        AT)),
                        Map.of(
                                StepSucceeded.Outputs.SCHEMA_VERSION_BEFORE,
                                "none",
                                StepSucceeded.Outputs.SCHEMA_VERSION_AFTER,
                                "20261127_001",
                                StepSucceeded.Outputs.BACKUP_LOCATION,
                                "s3://runway-backups/shop/7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f/"
                                        + "backup-pre-migration-20261126-142000.dump",
                                StepSucceeded.Outputs.BACKUP_SHA256,
                                "3f2a9c01d4e7b8a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2",
                                StepSucceeded.Outputs.RDS_SNAPSHOT_ID,
                                "pre-deploy-7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f-20261126-142000"))),
                Event.class);
    }
}
