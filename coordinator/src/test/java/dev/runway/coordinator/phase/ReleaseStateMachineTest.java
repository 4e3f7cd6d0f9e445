package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.coordinator.persistence.StateCodec;
import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.command.Rehearsal;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RollbackFacts;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.StartMigration;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Announced;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.GoNoGoVote.Decision;
import dev.runway.model.spec.GoNoGoVote.Role;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.LatencySeries;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseStateMachineTest {

    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    static final UUID RELEASE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final ReleaseStateMachine MACHINE = new ReleaseStateMachine(new ProductionRunbook());

    static final String REQUESTER = "dana-deployer";

    /** A spec and the targets the coordinator's configuration gave it. */
    record Release(ReleaseSpec spec, ReleaseTargets targets) {
        Release withGuards(GuardPolicy guards) {
            return new Release(spec.withGuards(guards), targets);
        }
    }

    static Release spec(boolean migrations, boolean configuration, boolean caches) {
        return new Release(
                new ReleaseSpec(
                        "shop",
                        "production",
                        "1.4.0",
                        new ImageSpec(null, "sha256:" + "a".repeat(64)),
                        migrations ? List.of(new Migration("001", "add column", "ALTER …", "ALTER … DROP")) : List.of(),
                        configuration ? new ConfigurationChange(Map.of("FEATURE", "on"), true) : null,
                        List.of(new SmokeCheck("home", "/", 200, null)),
                        new Thresholds(60, 600, 600, 95, 500),
                        null),
                targets(caches));
    }

    static ReleaseTargets targets(boolean caches) {
        return new ReleaseTargets(
                new KubernetesTarget("production", "shop", "shop"),
                "http://127.0.0.1:18080/apps/production/shop",
                "shop",
                "shop-config",
                caches ? List.of(new CacheTarget(CacheType.REDIS, "sessions")) : List.of(),
                "registry.sandbox.local/shop",
                new NotificationTargets("deployments", "shop-oncall"));
    }

    /** Each role's voter in these tests: one person per role. */
    static String voter(Role role) {
        return role.name().toLowerCase().replace('_', '-');
    }

    /** Drives one release and remembers every command it sent. */
    static final class Run {
        final ReleaseStateMachine machine;
        ReleaseState state;
        Instant now = T0;
        final List<Command> sent = new ArrayList<>();
        Transition last;

        Run(Release release) {
            this(MACHINE, release);
        }

        Run(ReleaseStateMachine machine, Release release) {
            this.machine = machine;
            record(machine.start(RELEASE, release.spec(), release.targets(), REQUESTER, now));
        }

        Transition record(Transition t) {
            last = t;
            state = t.state();
            sent.addAll(t.commands());
            return t;
        }

        Transition answer(EventBody body) {
            now = now.plusSeconds(30);
            return record(machine.on(
                    state,
                    new Input.WorkerReported(
                            Event.of(UUID.randomUUID(), RELEASE, state.pending().commandId(), now, "test", body)),
                    now));
        }

        Transition succeed() {
            return answer(new StepSucceeded("done", List.of(), Map.of()));
        }

        Transition succeed(Map<String, String> outputs) {
            return answer(new StepSucceeded("done", List.of(), outputs));
        }

        Transition vote(Role role, Decision decision, String by) {
            String hash = state.ballot() == null ? null : state.ballot().migrationsHash();
            return vote(new Input.Voted(role, decision, by, "checked", hash));
        }

        Transition vote(Input.Voted vote) {
            now = now.plusSeconds(10);
            return record(machine.on(state, vote, now));
        }

        /** Every role still missing votes GO, each by its own person. */
        Transition allVoteGo() {
            Transition t = last;
            for (Role role : state.ballot().missing()) {
                t = vote(role, Decision.GO, voter(role));
            }
            return t;
        }

        Transition tick(Instant at) {
            now = at;
            return record(machine.on(state, new Input.ClockTicked(), now));
        }

        /** Answers every awaited command with success until {@code phase} is running. */
        Run advanceTo(Phase phase) {
            while (state.phase() != phase && state.status() == ReleaseStatus.RUNNING) {
                step();
            }
            return this;
        }

        /** Answers the awaited command of a running phase with success and what that worker reports. */
        Transition step() {
            if (state.phase() == Phase.PRE_FLIGHT_CHECKS) {
                return succeed(Map.of(Outputs.REPORTED_VERSION, "1.3.2"));
            }
            if (state.phase() == Phase.APPLICATION_DEPLOYMENT) {
                return succeed(Map.of(Outputs.PREVIOUS_REVISION, "4", Outputs.REVISION, "5"));
            }
            if (state.ballot() != null) {
                return allVoteGo();
            }
            if (state.pending() == null && state.observation() != null) {
                return watchedThroughTheObservation();
            }
            return succeed();
        }

        /** The guard samples every rule with data, and the observation period ends. */
        Transition watchedThroughTheObservation() {
            for (GuardRule rule : state.guard().rules()) {
                guardReports(this, sample(rule.name(), "0.0010", Measurement.Status.SUCCESSFUL));
            }
            return tick(state.observation().until());
        }

        CommandBody awaitedBody() {
            UUID id = state.pending().commandId();
            return sent.stream()
                    .filter(c -> c.commandId().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .body();
        }

        List<Announcement> announcements() {
            return sent.stream()
                    .map(Command::body)
                    .filter(Announce.class::isInstance)
                    .map(b -> ((Announce) b).announcement())
                    .toList();
        }

        PhaseStatus status(Phase p) {
            return state.entry(p).orElseThrow().status();
        }

        List<String> rollbackStages() {
            return state.timeline().stream()
                    .map(TimelineEntry::stage)
                    .filter(RollbackStep.class::isInstance)
                    .map(Stage::name)
                    .toList();
        }
    }

    @Test
    void startingARequestsThePreFlightChecksAndLeavesEveryOtherPhasePending() {
        Run run = new Run(spec(true, true, true));

        assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
        assertThat(run.state.phase()).isEqualTo(Phase.PRE_FLIGHT_CHECKS);
        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.checks())
                    .extracting(RunChecks.Check::path)
                    .containsExactly("/health", "/ready", "/live", "/health", null, null);
            assertThat(c.checks().get(3).kind()).isEqualTo(RunChecks.CheckKind.VERSION_REPORTED);
            assertThat(c.expectedVersion()).isNull();
            assertThat(c.passRatePercent()).isEqualTo(100);
        });
        assertThat(run.state.timeline()).hasSize(Phase.values().length);
        assertThat(run.state.timeline().subList(1, Phase.values().length))
                .allMatch(e -> e.status() == PhaseStatus.PENDING);
        assertThat(run.last.changes()).isNotEmpty();
    }

    @Test
    void aReleaseWithEveryPhaseRunsThemAllInTheRunbooksOrderAndCompletes() {
        Run run = new Run(spec(true, true, true));
        List<Class<? extends CommandBody>> awaited = new ArrayList<>();
        while (run.state.status() == ReleaseStatus.RUNNING) {
            if (run.state.pending() != null) {
                awaited.add(run.awaitedBody().getClass());
            }
            run.step();
        }

        assertThat(awaited)
                .containsExactly(
                        RunChecks.class,
                        RunChecks.class,
                        StartMigration.class,
                        RollOutDeployment.class,
                        ApplyConfiguration.class,
                        RunChecks.class,
                        InvalidateCaches.class,
                        RunChecks.class,
                        RunChecks.class,
                        RunChecks.class);
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        assertThat(run.state.timeline()).allMatch(e -> e.status() == PhaseStatus.SUCCEEDED);
        assertThat(run.state.pending()).isNull();
        assertThat(run.state.endedAt()).isNotNull();
        assertThat(run.announcements())
                .containsExactly(
                        Announcement.VOTE_REQUESTED, Announcement.DEPLOYMENT_STARTED, Announcement.DEPLOYMENT_COMPLETE);
    }

    @Nested
    class ServiceValidation {

        static final ReleaseTargets.PublicEndpoint SHOP_EXAMPLE =
                new ReleaseTargets.PublicEndpoint("https://shop.example/", "http://shop.example/", 30, 31_536_000L);

        static Release withPublicUrl() {
            Release release = spec(false, false, false);
            ReleaseTargets t = release.targets();
            return new Release(
                    release.spec(),
                    new ReleaseTargets(
                            t.kubernetes(),
                            t.serviceUrl(),
                            t.database(),
                            t.configMap(),
                            t.caches(),
                            t.imageRepository(),
                            t.notifications(),
                            SHOP_EXAMPLE));
        }

        @Test
        void expectsTheDeployedVersion() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.expectedVersion()).isEqualTo("1.4.0");
                assertThat(c.checks()).extracting(RunChecks.Check::kind).contains(RunChecks.CheckKind.VERSION_REPORTED);
            });
        }

        @Test
        void withAPublicUrlChecksItsCertificateRedirectAndHstsWithTheRunbooksThresholds() {
            Run run = new Run(withPublicUrl()).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(
                                RunChecks.Check::name,
                                RunChecks.Check::kind,
                                RunChecks.Check::url,
                                RunChecks.Check::expectedStatus,
                                RunChecks.Check::minValidDays,
                                RunChecks.Check::minMaxAgeSeconds)
                        .containsExactly(
                                tuple("health", RunChecks.CheckKind.HTTP_STATUS, null, 200, null, null),
                                tuple("ready", RunChecks.CheckKind.HTTP_STATUS, null, 200, null, null),
                                tuple("live", RunChecks.CheckKind.HTTP_STATUS, null, 200, null, null),
                                tuple("version", RunChecks.CheckKind.VERSION_REPORTED, null, 200, null, null),
                                tuple("service-endpoints", RunChecks.CheckKind.SERVICE_ENDPOINTS, null, 0, null, null),
                                tuple(
                                        "tls-certificate",
                                        RunChecks.CheckKind.TLS_CERTIFICATE,
                                        "https://shop.example/",
                                        0,
                                        30,
                                        null),
                                tuple(
                                        "https-redirect",
                                        RunChecks.CheckKind.HTTPS_REDIRECT,
                                        "http://shop.example/",
                                        301,
                                        null,
                                        null),
                                tuple(
                                        "hsts",
                                        RunChecks.CheckKind.HSTS,
                                        "https://shop.example/",
                                        200,
                                        null,
                                        31_536_000L));
                assertThat(c.environment()).isEqualTo("production");
                assertThat(c.notChecked()).containsExactly(ClusterChecks.NO_TARGET_GROUP);
                assertThat(c.passRatePercent()).isEqualTo(100);
            });
        }

        @Test
        void withAPublicUrlItsRowListsWhatTheValidatorMeasured() {
            Run run = new Run(withPublicUrl()).advanceTo(Phase.SERVICE_VALIDATION);
            String measured = "7 of 7 checks passed (100%), version 1.4.0; certificate CN=shop.example valid until"
                    + " 2027-12-31T09:00:00Z (400 days) > 30 days; chain valid (2 certificates);"
                    + " http://shop.example/ answered 301 -> https://shop.example/; https://shop.example/ answered 200"
                    + " with Strict-Transport-Security \"max-age=31536000\": max-age 31536000 >= 31536000 s";

            run.answer(new StepSucceeded(measured, List.of(), Map.of(Outputs.REPORTED_VERSION, "1.4.0")));

            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.SUCCEEDED);
            assertThat(run.state.entry(Phase.SERVICE_VALIDATION).orElseThrow().notes())
                    .isEqualTo(measured);
        }

        @Test
        void withoutAPublicUrlTheCommandAndSoTheRowSayTlsAndHttpsWereNotChecked() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            String notChecked =
                    "TLS certificate, HTTPS redirect and HSTS not checked: no public-url configured for shop in"
                            + " production";

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(RunChecks.Check::name)
                        .containsExactly("health", "ready", "live", "version", "service-endpoints");
                assertThat(c.notChecked()).containsExactly(ClusterChecks.NO_TARGET_GROUP, notChecked);
            });
            // the validator's summary repeats what the command left out (AssessorTest)
            run.answer(new StepSucceeded(
                    "5 of 5 checks passed (100%), version 1.4.0; " + notChecked,
                    List.of(),
                    Map.of(Outputs.REPORTED_VERSION, "1.4.0")));

            assertThat(run.state.entry(Phase.SERVICE_VALIDATION).orElseThrow().notes())
                    .endsWith("; " + notChecked)
                    .doesNotContain("certificate CN=");
        }

        @Test
        void aCertificateExpiringIn10DaysFailsThePhaseNamingItsExpiryDate() {
            Run run = new Run(withPublicUrl()).advanceTo(Phase.SERVICE_VALIDATION);
            String reason = "certificate CN=shop.example valid until 2026-12-07T09:00:00Z (10 days) <= 30 days;"
                    + " chain valid (2 certificates)";

            run.answer(new ThresholdBreached(RollbackTrigger.TLS_CERTIFICATE_INVALID, reason, List.of()));

            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state.entry(Phase.SERVICE_VALIDATION).orElseThrow().notes())
                    .contains("2026-12-07T09:00:00Z (10 days) <= 30 days");
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.TLS_CERTIFICATE_INVALID);
            assertThat(run.state.rollback().reason()).contains("valid until 2026-12-07T09:00:00Z");
        }

        @Test
        void postDeploymentVerificationNoLongerRepeatsIt() {
            Run run = new Run(withPublicUrl()).advanceTo(Phase.SERVICE_VALIDATION);
            RunChecks serviceValidation = (RunChecks) run.awaitedBody();
            run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(RunChecks.Check::name)
                        .containsExactly("health", "ready", "live", "version", "pod-restarts");
                assertThat(c.expectedVersion()).isEqualTo("1.4.0");
                assertThat(c.notChecked()).noneMatch(n -> n.contains("TLS"));
                assertThat(c).isNotEqualTo(serviceValidation);
            });
        }
    }

    /** The runbook's cluster and load-balancer checks: pre-flight, Steps 5.1 and 5.2, and Phase 9's restarts. */
    @Nested
    class ClusterChecks {

        static final String NO_TARGET_GROUP =
                "load-balancer target health not checked: no target-group-arn configured for shop in production";
        static final String TARGET_GROUP =
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-production/50dc6c495c0c9188";

        static Release withTargetGroup() {
            Release release = spec(false, false, false);
            ReleaseTargets t = release.targets();
            return new Release(
                    release.spec(),
                    new ReleaseTargets(
                            t.kubernetes(),
                            t.serviceUrl(),
                            t.database(),
                            t.configMap(),
                            t.caches(),
                            t.imageRepository(),
                            t.notifications(),
                            null,
                            null,
                            new ReleaseTargets.Routing("shop-web", TARGET_GROUP),
                            null));
        }

        @Test
        void preFlightChecksTheNodesAndThePodsOfTheReleasesNamespaceInItsEnvironment() {
            Run run = new Run(spec(false, false, false));

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(RunChecks.Check::name, RunChecks.Check::kind, RunChecks.Check::cluster)
                        .endsWith(
                                tuple("nodes-ready", RunChecks.CheckKind.NODES_READY, null),
                                tuple(
                                        "pods-running",
                                        RunChecks.CheckKind.PODS_RUNNING,
                                        new RunChecks.ClusterTarget("production", null, null, null)));
                assertThat(c.environment()).isEqualTo("production");
                assertThat(c.passRatePercent()).isEqualTo(100);
            });
        }

        @Test
        void aNodeNotReadyAtPreFlightAbortsWithoutRollbackNamingIt() {
            Run run = new Run(spec(false, false, false));
            String reason = "2 of 3 nodes Ready; not Ready: node-b (Ready=False, KubeletNotReady)";

            run.answer(new ThresholdBreached(RollbackTrigger.CLUSTER_NOT_READY, reason, List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.rollbackStages()).isEmpty();
            assertThat(run.state.entry(Phase.PRE_FLIGHT_CHECKS).orElseThrow().notes())
                    .contains(reason);
        }

        @Test
        void serviceValidationCountsTheServicesEndpointsAndAsksForTheTargetGroupsHealth() {
            Run run = new Run(withTargetGroup()).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(RunChecks.Check::name, RunChecks.Check::kind, RunChecks.Check::cluster)
                        .contains(
                                tuple(
                                        "service-endpoints",
                                        RunChecks.CheckKind.SERVICE_ENDPOINTS,
                                        new RunChecks.ClusterTarget("production", "shop", "shop-web", null)),
                                tuple(
                                        "target-health",
                                        RunChecks.CheckKind.TARGET_HEALTH,
                                        new RunChecks.ClusterTarget(null, null, null, TARGET_GROUP)));
                assertThat(c.notChecked()).doesNotContain(NO_TARGET_GROUP);
                assertThat(c.environment()).isEqualTo("production");
            });
        }

        @Test
        void withoutATargetGroupServiceValidationSaysTargetHealthWasNotChecked() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .extracting(RunChecks.Check::kind)
                        .doesNotContain(RunChecks.CheckKind.TARGET_HEALTH);
                // a release stored before routing existed counts the Service named like its Deployment
                assertThat(c.checks())
                        .filteredOn(check -> check.kind() == RunChecks.CheckKind.SERVICE_ENDPOINTS)
                        .extracting(RunChecks.Check::cluster)
                        .containsExactly(new RunChecks.ClusterTarget("production", "shop", "shop", null));
                assertThat(c.notChecked()).contains(NO_TARGET_GROUP);
            });
        }

        @Test
        void anUnhealthyTargetRollsBackNamingIt() {
            Run run = new Run(withTargetGroup()).advanceTo(Phase.SERVICE_VALIDATION);
            String reason = "2 of 3 targets healthy in shop-production; 10.0.2.23:8080 unhealthy"
                    + " (Target.ResponseCodeMismatch: Health checks failed with these codes: [500])";

            run.answer(new ThresholdBreached(RollbackTrigger.TARGETS_UNHEALTHY, reason, List.of()));

            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.TARGETS_UNHEALTHY);
            assertThat(run.state.rollback().reason()).contains("10.0.2.23:8080 unhealthy");
        }

        @Test
        void postDeploymentVerificationCountsTheRestartsOfTheReleasesPods() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
                assertThat(c.checks())
                        .filteredOn(check -> check.kind() == RunChecks.CheckKind.POD_RESTARTS)
                        .extracting(RunChecks.Check::cluster)
                        .containsExactly(new RunChecks.ClusterTarget("production", "shop", null, null));
                assertThat(c.environment()).isEqualTo("production");
            });
        }
    }

    @Test
    void smokeTestingUsesTheSpecsChecksAndPassRate() {
        Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);

        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.checks()).extracting(RunChecks.Check::name).containsExactly("home");
            assertThat(c.passRatePercent()).isEqualTo(95);
            assertThat(c.notChecked())
                    .containsExactly("response-time series (Step 7.3) not measured: no smoke check asks for a latency"
                            + " series");
        });
    }

    /**
     * Step 7.1's requests go as written, a plain GET still as an HTTP_STATUS check; Step 7.3's series follows with the
     * runbook's limits, repeating its check's request without a body. The credential travels by name only.
     */
    @Test
    void smokeTestingSendsEachRequestAsWrittenAndALatencySeriesWithTheRunbooksLimits() {
        Release plain = spec(false, false, false);
        Release suite = new Release(
                plain.spec()
                        .withSmokeChecks(List.of(
                                new SmokeCheck("home", "/", 200, null),
                                new SmokeCheck(
                                        "place order",
                                        "/api/v1/orders",
                                        201,
                                        null,
                                        "POST",
                                        Map.of("Content-Type", "application/json"),
                                        "{\"sku\":\"A-100\"}",
                                        "checkout-bot",
                                        "$.status",
                                        "accepted",
                                        null),
                                new SmokeCheck(
                                        "health",
                                        "/health",
                                        200,
                                        null,
                                        null,
                                        null,
                                        null,
                                        "checkout-bot",
                                        null,
                                        null,
                                        new LatencySeries(20)))),
                plain.targets());
        Run run = new Run(suite).advanceTo(Phase.SMOKE_TESTING);

        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.checks())
                    .extracting(RunChecks.Check::name, RunChecks.Check::kind, RunChecks.Check::path)
                    .containsExactly(
                            tuple("home", RunChecks.CheckKind.HTTP_STATUS, "/"),
                            tuple("place order", RunChecks.CheckKind.SMOKE_REQUEST, "/api/v1/orders"),
                            tuple("health", RunChecks.CheckKind.SMOKE_REQUEST, "/health"),
                            tuple("health latency", RunChecks.CheckKind.LATENCY_SERIES, "/health"));
            assertThat(c.checks().get(0).smoke()).isNull();
            assertThat(c.checks().get(1).smoke())
                    .isEqualTo(new RunChecks.Smoke(
                            "POST",
                            Map.of("Content-Type", "application/json"),
                            "{\"sku\":\"A-100\"}",
                            "checkout-bot",
                            "$.status",
                            "accepted",
                            null));
            assertThat(c.checks().get(3).smoke())
                    .isEqualTo(new RunChecks.Smoke(
                            null,
                            null,
                            null,
                            "checkout-bot",
                            null,
                            null,
                            new RunChecks.Series(20, 100, 200, 500, 1000)));
            assertThat(c.environment()).isEqualTo("production");
            assertThat(c.notChecked()).isEmpty();
        });
    }

    @Nested
    class SkipRules {

        @Test
        void withoutMigrationsTheDatabasePhaseIsSkippedWithItsReason() {
            Run run = new Run(spec(false, true, true)).advanceTo(Phase.APPLICATION_DEPLOYMENT);

            TimelineEntry db = run.state.entry(Phase.DATABASE_MIGRATION).orElseThrow();
            assertThat(db.status()).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(db.notes()).contains("no database schema changes");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StartMigration);
        }

        @Test
        void withoutConfigurationChangesTheConfigurationPhaseIsSkipped() {
            Run run = new Run(spec(true, false, true)).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.state.entry(Phase.CONFIGURATION_UPDATE).orElseThrow().notes())
                    .contains("no configuration changes");
            assertThat(run.status(Phase.CONFIGURATION_UPDATE)).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof ApplyConfiguration);
        }

        @Test
        void withoutCacheTargetsCacheInvalidationIsSkipped() {
            Run run = new Run(spec(true, true, false)).advanceTo(Phase.SMOKE_TESTING);

            assertThat(run.status(Phase.CACHE_INVALIDATION)).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(run.state.entry(Phase.CACHE_INVALIDATION).orElseThrow().notes())
                    .contains("no cache targets");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof InvalidateCaches);
        }

        @Test
        void allThreeSkipsTogetherStillComplete() {
            Run run = new Run(spec(false, false, false));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.status() == PhaseStatus.SKIPPED)
                    .extracting(e -> e.stage().name())
                    .containsExactly("DATABASE_MIGRATION", "CONFIGURATION_UPDATE", "CACHE_INVALIDATION");
        }
    }

    @Nested
    class GoNoGo {

        /** Pre-flight passed: the release waits in GO/NO-GO for votes. */
        Run voting(ReleaseStateMachine machine, Release release) {
            Run run = new Run(machine, release);
            run.succeed(Map.of(Outputs.REPORTED_VERSION, "1.3.2"));
            return run;
        }

        Run voting(Release release) {
            return voting(MACHINE, release);
        }

        @Test
        void theReleaseWaitsForTheRunbooksFourRolesAndAnnouncesWhoMustVoteByWhenAndHow() {
            Run run = voting(spec(false, false, false));

            assertThat(run.state.phase()).isEqualTo(Phase.GO_NO_GO);
            assertThat(run.status(Phase.GO_NO_GO)).isEqualTo(PhaseStatus.RUNNING);
            assertThat(run.state.ballot().required()).containsExactly(Role.values());
            assertThat(run.state.ballot().deadline()).isEqualTo(run.now.plus(Duration.ofMinutes(15)));
            assertThat(run.state.ballot().migrationsHash()).isNull();
            Announce request = announced(run, Announcement.VOTE_REQUESTED);
            assertThat(request.facts())
                    .containsEntry(
                            Announce.Facts.VOTERS,
                            "DEPLOYMENT_LEAD, DEVOPS_ENGINEER, DATABASE_ADMINISTRATOR, ENGINEERING_MANAGER")
                    .containsEntry(
                            Announce.Facts.VOTE_BY,
                            run.state.ballot().deadline().toString())
                    .doesNotContainKey(Announce.Facts.MIGRATIONS_HASH);
            assertThat(request.facts().get(Announce.Facts.VOTE_COMMAND))
                    .contains("/releases/" + RELEASE + "/votes")
                    .contains("Authorization: Bearer");
        }

        @Test
        void consensusOfAllFourRolesIsAGoAndEachVoteIsATimelineRowByItsVoter() {
            Run run = voting(spec(false, false, false));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            run.vote(Role.DEVOPS_ENGINEER, Decision.GO, "sam");
            run.vote(Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim");

            assertThat(run.state.phase()).isEqualTo(Phase.GO_NO_GO);
            assertThat(run.state.ballot().missing()).containsExactly(Role.ENGINEERING_MANAGER);
            assertThat(run.last.changes()).extracting(Change::actor).containsOnly("kim");

            run.vote(Role.ENGINEERING_MANAGER, Decision.GO, "alex");

            assertThat(run.state.phase()).isEqualTo(Phase.DEPLOYMENT_START);
            assertThat(run.state.ballot()).isNull();
            assertThat(run.status(Phase.GO_NO_GO)).isEqualTo(PhaseStatus.SUCCEEDED);
            assertThat(run.state.entry(Phase.GO_NO_GO).orElseThrow().notes())
                    .contains("DEPLOYMENT_LEAD dana", "DEVOPS_ENGINEER sam", "DATABASE_ADMINISTRATOR kim")
                    .contains("ENGINEERING_MANAGER alex");
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.stage() == PersonStep.VOTE)
                    .extracting(TimelineEntry::notes)
                    .containsExactly(
                            "DEPLOYMENT_LEAD voted GO (dana): checked",
                            "DEVOPS_ENGINEER voted GO (sam): checked",
                            "DATABASE_ADMINISTRATOR voted GO (kim): checked",
                            "ENGINEERING_MANAGER voted GO (alex): checked");
            assertThat(run.last.changes()).extracting(Change::actor).containsOnly("alex");
            assertThat(run.announcements())
                    .containsExactly(Announcement.VOTE_REQUESTED, Announcement.DEPLOYMENT_STARTED);
        }

        @Test
        void oneNoGoAbortsBeforeAnythingChanges() {
            Run run = voting(spec(true, false, false));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            run.vote(new Input.Voted(Role.DATABASE_ADMINISTRATOR, Decision.NO_GO, "kim", "index missing", null));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.ballot()).isNull();
            assertThat(run.state.entry(Phase.GO_NO_GO).orElseThrow().notes())
                    .contains("NO-GO: DATABASE_ADMINISTRATOR voted NO_GO (kim): index missing");
            assertThat(run.announcements())
                    .containsExactly(Announcement.VOTE_REQUESTED, Announcement.DEPLOYMENT_ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StartMigration);
            assertThat(run.last.changes()).extracting(Change::actor).containsOnly("kim");
        }

        @Test
        void theVoteWindowClosingWithoutConsensusAborts() {
            Run run = voting(spec(false, false, false));
            Instant deadline = run.state.ballot().deadline();
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            run.vote(Role.DEVOPS_ENGINEER, Decision.GO, "sam");
            run.vote(Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim");

            assertThat(run.tick(deadline.minusSeconds(1)).accepted()).isFalse();
            run.tick(deadline);

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.entry(Phase.GO_NO_GO).orElseThrow().notes())
                    .contains("vote window closed")
                    .contains("no vote from [ENGINEERING_MANAGER]");
            assertThat(run.last.changes()).extracting(Change::actor).containsOnlyNulls();
        }

        @Test
        void onePersonCountsForOneRoleOnly() {
            Run run = voting(spec(false, false, false));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            ReleaseState before = run.state;

            Transition second = run.vote(Role.ENGINEERING_MANAGER, Decision.GO, "dana");

            assertThat(second.accepted()).isFalse();
            assertThat(second.rejection()).contains("dana already voted GO as DEPLOYMENT_LEAD", "one role only");
            assertThat(second.state()).isEqualTo(before);
        }

        @Test
        void aRoleVotesOnce() {
            Run run = voting(spec(false, false, false));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");

            Transition again = run.vote(Role.DEPLOYMENT_LEAD, Decision.NO_GO, "lee");

            assertThat(again.rejection()).contains("DEPLOYMENT_LEAD has already voted: GO by dana");
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
        }

        @Test
        void anEnvironmentCanRequireFewerRolesAndAVoteFromAnotherRoleIsRefused() {
            ReleaseStateMachine machine = new ReleaseStateMachine(new ProductionRunbook(
                    ProductionRunbook.MONITORING_OBSERVATION,
                    new VotingPolicy(
                            Map.of("production", List.of(Role.DEPLOYMENT_LEAD, Role.ENGINEERING_MANAGER)),
                            Duration.ofMinutes(5))));
            Run run = voting(machine, spec(false, false, false));

            assertThat(run.state.ballot().deadline()).isEqualTo(run.now.plus(Duration.ofMinutes(5)));
            assertThat(run.vote(Role.DEVOPS_ENGINEER, Decision.GO, "sam").rejection())
                    .contains("asks no vote from DEVOPS_ENGINEER");
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            run.vote(Role.ENGINEERING_MANAGER, Decision.GO, "alex");

            assertThat(run.state.phase()).isEqualTo(Phase.DEPLOYMENT_START);
        }

        @Test
        void migrationsNeedTheDbaVoteCarryingTheirHash() {
            ReleaseStateMachine machine = new ReleaseStateMachine(new ProductionRunbook(
                    ProductionRunbook.MONITORING_OBSERVATION,
                    new VotingPolicy(Map.of("production", List.of(Role.DEPLOYMENT_LEAD)), Duration.ofMinutes(15))));
            Release release = spec(true, false, false);
            Run run = voting(machine, release);
            String hash = MigrationsHash.of(release.spec().migrations());

            assertThat(run.state.ballot().required())
                    .containsExactly(Role.DEPLOYMENT_LEAD, Role.DATABASE_ADMINISTRATOR);
            assertThat(run.state.ballot().migrationsHash()).isEqualTo(hash).startsWith("sha256:");
            assertThat(announced(run, Announcement.VOTE_REQUESTED).facts())
                    .containsEntry(Announce.Facts.MIGRATIONS_HASH, hash);
            assertThat(announced(run, Announcement.VOTE_REQUESTED).facts().get(Announce.Facts.VOTE_COMMAND))
                    .contains(hash);

            String other = MigrationsHash.of(List.of(new Migration("001", "add column", "ALTER x", "ALTER … DROP")));
            assertThat(run.vote(new Input.Voted(Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim", null, other))
                            .rejection())
                    .contains("must carry the migrations' hash " + hash)
                    .contains("it carried " + other);
            assertThat(run.vote(new Input.Voted(Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim", null, null))
                            .rejection())
                    .contains("it carried none");

            run.vote(new Input.Voted(Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim", null, hash));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");

            assertThat(run.state.phase()).isEqualTo(Phase.DEPLOYMENT_START);
        }

        @Test
        void theDbasGoMayConsentToSkippingTheRehearsalAndStartMigrationCarriesItWhileNoOtherVoteMay() {
            ReleaseStateMachine machine = new ReleaseStateMachine(new ProductionRunbook(
                    ProductionRunbook.MONITORING_OBSERVATION,
                    new VotingPolicy(Map.of("production", List.of(Role.DEPLOYMENT_LEAD)), Duration.ofMinutes(15))));
            Release release = spec(true, false, false);
            Run run = voting(machine, release);
            String hash = MigrationsHash.of(release.spec().migrations());

            assertThat(run.vote(new Input.Voted(Role.DEPLOYMENT_LEAD, Decision.GO, "dana", null, null, true))
                            .rejection())
                    .contains("only a DATABASE_ADMINISTRATOR's GO may consent to migrating without a rehearsal");
            assertThat(run.vote(new Input.Voted(Role.DATABASE_ADMINISTRATOR, Decision.NO_GO, "kim", null, hash, true))
                            .rejection())
                    .contains("this was DATABASE_ADMINISTRATOR NO_GO");
            run.vote(new Input.Voted(
                    Role.DATABASE_ADMINISTRATOR, Decision.GO, "kim", "staging copy is stale", hash, true));
            run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana");
            run.advanceTo(Phase.DATABASE_MIGRATION);

            assertThat(run.state.timeline())
                    .extracting(TimelineEntry::notes)
                    .anySatisfy(notes -> assertThat(notes)
                            .isEqualTo("DATABASE_ADMINISTRATOR voted GO (kim), consenting to migrating without a"
                                    + " rehearsal: staging copy is stale"));
            assertThat(run.state.facts().asMap()).containsEntry(Facts.REHEARSAL_SKIPPED_BY, "kim");
            assertThat(Facts.fromMap(run.state.facts().asMap())).isEqualTo(run.state.facts());
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            StartMigration.class,
                            m -> assertThat(m.rehearsal()).isEqualTo(Rehearsal.skippedWithConsentOf("kim")));
        }

        @Test
        void withoutTheDbasConsentStartMigrationAsksForTheRehearsal() {
            Run run = new Run(spec(true, false, false)).advanceTo(Phase.DATABASE_MIGRATION);

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(StartMigration.class, m -> {
                assertThat(m.rehearsal()).isNull();
                assertThat(m.rehearsalSkipped()).isFalse();
            });
            assertThat(run.state.facts().asMap()).doesNotContainKey(Facts.REHEARSAL_SKIPPED_BY);
        }

        @Test
        void theMigrationsHashIsTheirCanonicalJsonsSha256() {
            List<Migration> migrations = List.of(new Migration("001", "add column", "ALTER …", "ALTER … DROP"));

            assertThat(MigrationsHash.of(migrations))
                    .isEqualTo(MigrationsHash.of(List.copyOf(migrations)))
                    .matches("sha256:[0-9a-f]{64}")
                    .isNotEqualTo(
                            MigrationsHash.of(List.of(new Migration("001", "add column", "ALTER …", "ALTER … DROP2"))));
        }

        @Test
        void aVoteOutsideGoNoGoIsRefused() {
            Run run = new Run(spec(false, false, false));

            assertThat(run.vote(Role.DEPLOYMENT_LEAD, Decision.GO, "dana").rejection())
                    .contains("no GO/NO-GO vote is open", "PRE_FLIGHT_CHECKS");
        }
    }

    @Nested
    class PeopleStopARelease {

        @Test
        void aDeploymentLeadAbortsBeforeAnythingChanged() {
            Run run = new Run(spec(true, false, false)).advanceTo(Phase.DEPLOYMENT_START);
            run.now = run.now.plusSeconds(5);

            run.record(MACHINE.on(run.state, new Input.AbortRequested("dana", "wrong image"), run.now));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.status(Phase.DEPLOYMENT_START)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.stage() == PersonStep.ABORT)
                    .extracting(TimelineEntry::notes)
                    .containsExactly("abort requested by dana: wrong image");
            assertThat(run.announcements()).endsWith(Announcement.DEPLOYMENT_ABORTED);
            assertThat(run.last.changes())
                    .isNotEmpty()
                    .extracting(Change::actor)
                    .containsOnly("dana");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StartMigration);
        }

        @Test
        void anAbortDuringTheVoteClosesIt() {
            Run run = new Run(spec(false, false, false));
            run.succeed(Map.of(Outputs.REPORTED_VERSION, "1.3.2"));

            run.record(MACHINE.on(run.state, new Input.AbortRequested("dana", null), run.now));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.ballot()).isNull();
            assertThat(run.vote(Role.DEVOPS_ENGINEER, Decision.GO, "sam").accepted())
                    .isFalse();
        }

        @Test
        void afterTheRolloutAnAbortIsRefusedBecauseOnlyARollbackUndoesIt() {
            Run run = new Run(spec(false, true, false)).advanceTo(Phase.CONFIGURATION_UPDATE);
            ReleaseState before = run.state;

            Transition refused = MACHINE.on(run.state, new Input.AbortRequested("dana", "too late"), run.now);

            assertThat(refused.rejection()).contains("production has already changed", "APPLICATION_DEPLOYMENT");
            assertThat(refused.state()).isEqualTo(before);
        }

        @Test
        void anEndedReleaseCannotBeAborted() {
            Run run = new Run(spec(false, false, false));
            run.answer(new StepFailed("health 503", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(MACHINE.on(run.state, new Input.AbortRequested("dana", null), run.now)
                            .rejection())
                    .contains("only a running release is aborted");
        }

        Transition ask(Run run, RollbackRequest.Authority authority, String by, Duration later) {
            run.now = run.now.plus(later);
            return run.record(
                    MACHINE.on(run.state, new Input.RollbackRequested(authority, by, "users report"), run.now));
        }

        @Test
        void aManualRollbackStartsOnceALeadAndAManagerHaveBothAsked() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);

            ask(run, RollbackRequest.Authority.DEPLOYMENT_LEAD, "dana", Duration.ofSeconds(5));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(run.state.rollbackRequest().missing())
                    .containsExactly(RollbackRequest.Authority.ENGINEERING_MANAGER);
            assertThat(run.last.changes()).extracting(Change::actor).containsOnly("dana");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);

            ask(run, RollbackRequest.Authority.ENGINEERING_MANAGER, "alex", Duration.ofMinutes(9));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollbackRequest()).isNull();
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.MANUAL);
            assertThat(run.state.rollback().reason())
                    .contains("DEPLOYMENT_LEAD dana (users report)", "ENGINEERING_MANAGER alex");
            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.stage() == PersonStep.ROLLBACK_REQUEST)
                    .hasSize(2);
            assertThat(run.last.changes()).extracting(Change::actor).containsOnly("alex");
        }

        @Test
        void oneFirstAskBeyondTheWindowNoLongerCounts() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            ask(run, RollbackRequest.Authority.DEPLOYMENT_LEAD, "dana", Duration.ZERO);

            ask(run, RollbackRequest.Authority.ENGINEERING_MANAGER, "alex", Duration.ofMinutes(10));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(run.state.rollbackRequest().missing())
                    .containsExactly(RollbackRequest.Authority.DEPLOYMENT_LEAD);
        }

        @Test
        void onePersonCannotBeBothRollbackAuthorities() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            ask(run, RollbackRequest.Authority.DEPLOYMENT_LEAD, "dana", Duration.ZERO);

            Transition second = ask(run, RollbackRequest.Authority.ENGINEERING_MANAGER, "dana", Duration.ofSeconds(1));

            assertThat(second.rejection()).contains("dana already asked as DEPLOYMENT_LEAD", "second person");
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(ask(run, RollbackRequest.Authority.DEPLOYMENT_LEAD, "lee", Duration.ofSeconds(1))
                            .rejection())
                    .contains("DEPLOYMENT_LEAD has already asked (dana)");
        }

        @Test
        void bothAsksBeforeAnythingChangedAbort() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.DEPLOYMENT_START);
            ask(run, RollbackRequest.Authority.ENGINEERING_MANAGER, "alex", Duration.ZERO);
            ask(run, RollbackRequest.Authority.DEPLOYMENT_LEAD, "dana", Duration.ofSeconds(1));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }
    }

    @Nested
    class Failures {

        @Test
        void failedPreFlightChecksAbortWithoutRollback() {
            Run run = new Run(spec(true, true, true));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.rollbackStages()).isEmpty();
            assertThat(run.announcements()).containsExactly(Announcement.DEPLOYMENT_ABORTED);
        }

        @Test
        void failedFinalHealthCheckAtDeploymentStartAbortsWithoutRollback() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DEPLOYMENT_START);
            run.answer(new ThresholdBreached(RollbackTrigger.APPLICATION_UNRESPONSIVE, "no answer", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aFailedMigrationRollsBackOnlyTheDatabase() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new StepFailed("migration 001 failed: syntax error", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackMigration.class,
                            m -> assertThat(m.restorePoint()).isEqualTo("runway-" + RELEASE));
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RunChecks.class);
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK", "ANNOUNCE_ROLLBACK_COMPLETE");
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.STEP_FAILED);
        }

        /**
         * Steps 2.4 and 2.5: the migrator applied the migrations, then its verification measured corruption. The
         * runbook's IMMEDIATE trigger DATABASE_CORRUPTION, not the generic STEP_FAILED, and the database is rolled back
         * (R3) because the migrations ran; the application and configuration were not changed yet, so only it.
         */
        @Test
        void corruptionFoundAfterTheMigrationsRollsTheDatabaseBackAtOnceWithDatabaseCorruption() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new StepProgressed("Migration 001: SUCCESS (0.1s)", List.of()));
            run.answer(new StepProgressed("referential integrity: 3 foreign keys, 2 orphan rows", List.of()));
            run.answer(new StepFailed(
                    "data integrity: referential integrity: foreign key order_line_order_id_fkey on public.order_line"
                            + " (NOT VALID) has 2 orphan rows",
                    List.of(new Measurement("orphanRows", "2", "rows", Measurement.Status.FAILED, T0)),
                    RollbackTrigger.DATABASE_CORRUPTION));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
            assertThat(run.state.rollback().trigger().immediate()).isTrue();
            assertThat(run.state.entry(Phase.DATABASE_MIGRATION).orElseThrow().notes())
                    .startsWith("DATABASE_CORRUPTION: data integrity: referential integrity: foreign key"
                            + " order_line_order_id_fkey");
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.stage() == RollbackStep.DECLARE_ROLLBACK)
                    .singleElement()
                    .satisfies(e -> assertThat(e.notes())
                            .startsWith("ROLLBACK INITIATED (immediate trigger DATABASE_CORRUPTION): data integrity:"));
            assertThat(announced(run, Announcement.ROLLBACK_INITIATED).facts())
                    .containsEntry(Announce.Facts.TRIGGER, "DATABASE_CORRUPTION");
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackMigration.class,
                            m -> assertThat(m.restorePoint()).isEqualTo("runway-" + RELEASE));
            run.succeed();
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK", "ANNOUNCE_ROLLBACK_COMPLETE");
            assertThat(run.sent)
                    .noneMatch(c -> c.body() instanceof RollBackDeployment || c.body() instanceof RestoreConfiguration);
        }

        /** A migrator's StepFailed without a trigger is still the generic STEP_FAILED. */
        @Test
        void aFailedStepWithoutATriggerOfItsOwnIsStepFailed() {
            Run run = new Run(spec(true, false, false)).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new StepFailed("migrations could not start: SQLSTATE 28P01", List.of(), null));

            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.STEP_FAILED);
        }

        @Test
        void theSpecsVerificationTravelsWithStartMigration() {
            DatabaseVerification verification = new DatabaseVerification(
                    Map.of("orders", List.of("id", "coupon_code")),
                    List.of(new DatabaseVerification.Check(
                            "no_negative_totals", "SELECT id FROM orders WHERE total < 0")));
            Release plain = spec(true, false, false);
            ReleaseSpec s = plain.spec();
            Release release = new Release(
                    new ReleaseSpec(
                            s.application(),
                            s.environment(),
                            s.version(),
                            s.image(),
                            s.migrations(),
                            s.configuration(),
                            s.smokeChecks(),
                            s.thresholds(),
                            s.guards(),
                            verification),
                    plain.targets());

            Run run = new Run(release).advanceTo(Phase.DATABASE_MIGRATION);

            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            StartMigration.class,
                            m -> assertThat(m.verification()).isEqualTo(verification));
            assertThat(new Run(plain).advanceTo(Phase.DATABASE_MIGRATION).awaitedBody())
                    .isInstanceOfSatisfying(
                            StartMigration.class,
                            m -> assertThat(m.verification()).isNull());
        }

        @Test
        void aRolloutThatFailsBeforeChangingAnythingDoesNotRollTheApplicationBack() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepFailed("image digest mismatch", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aRolloutThatFailsHalfwayIsUndoneToTheRevisionItReported() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "1 of 3 updated replicas are available",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "7", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.answer(new StepFailed("progress deadline exceeded", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(7));
        }

        @Test
        void theRollbackPointStatedBeforeTheChangeIsKeptWhenTheSuccessNamesAnother() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "revision 4 is the rollback point",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "4", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.succeed(Map.of(Outputs.PREVIOUS_REVISION, "5", Outputs.REVISION, "5"));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));

            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(4));
        }

        /**
         * Step R3: the rollback command carries what the migrator chooses with (the backup Step 2.1 reported, the
         * migration's start, the expand-only mark); the coordinator chooses nothing and rolls back the application and
         * configuration as always.
         */
        @Test
        void theDatabaseRollbackCarriesTheBackupFactsAndTheMachineStillUndoesEveryPhase() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DATABASE_MIGRATION);
            Instant migrationStarted =
                    run.state.entry(Phase.DATABASE_MIGRATION).orElseThrow().startedAt();
            run.succeed(Map.of(
                    Outputs.SCHEMA_VERSION_BEFORE, "none",
                    Outputs.SCHEMA_VERSION_AFTER, "001",
                    Outputs.BACKUP_LOCATION, "s3://runway-backups/shop/x/backup-pre-migration-1.dump",
                    Outputs.BACKUP_SHA256, "ab".repeat(32),
                    Outputs.RDS_SNAPSHOT_ID, "pre-deploy-1-4-0-1"));
            assertThat(run.state.facts().asMap())
                    .containsEntry(Outputs.BACKUP_LOCATION, "s3://runway-backups/shop/x/backup-pre-migration-1.dump")
                    .containsEntry(Outputs.BACKUP_SHA256, "ab".repeat(32))
                    .containsEntry(Outputs.RDS_SNAPSHOT_ID, "pre-deploy-1-4-0-1");
            assertThat(Facts.fromMap(run.state.facts().asMap())).isEqualTo(run.state.facts());
            run.advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));

            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RestoreConfiguration.class);
            run.succeed();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackMigration.class,
                            m -> assertThat(m.facts())
                                    .isEqualTo(new RollbackFacts(
                                            "s3://runway-backups/shop/x/backup-pre-migration-1.dump",
                                            "ab".repeat(32),
                                            "pre-deploy-1-4-0-1",
                                            migrationStarted,
                                            false)));
        }

        @Test
        void aReleaseWhoseMigrationsAreAllExpandOnlySaysSoAndHasNoBackupToOffer() {
            Release release = spec(true, true, true);
            ReleaseSpec expandOnly = new ReleaseSpec(
                    "shop",
                    "production",
                    "1.4.0",
                    release.spec().image(),
                    List.of(
                            new Migration("001", "add column", "ALTER …", null, true),
                            new Migration("002", "add index", "CREATE INDEX …", "DROP INDEX …", true)),
                    release.spec().configuration(),
                    release.spec().smokeChecks(),
                    release.spec().thresholds(),
                    null);
            Run run = new Run(new Release(expandOnly, release.targets())).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new StepFailed("migration 002 failed", List.of()));

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RollBackMigration.class, m -> {
                assertThat(m.facts().expandOnly()).isTrue();
                assertThat(m.facts().backupLocation()).isNull();
                assertThat(m.facts().migrationStartedAt())
                        .isEqualTo(run.state
                                .entry(Phase.DATABASE_MIGRATION)
                                .orElseThrow()
                                .startedAt());
            });
        }

        @Test
        void aHealthCheckBreachAfterTheRolloutRollsEverythingBackInTheRunbooksOrder() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(
                    RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503, expected 200", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.announcements())
                    .containsExactly(
                            Announcement.VOTE_REQUESTED,
                            Announcement.DEPLOYMENT_STARTED,
                            Announcement.ROLLBACK_INITIATED);
            Announce initiated = run.sent.stream()
                    .map(Command::body)
                    .filter(Announce.class::isInstance)
                    .map(Announce.class::cast)
                    .filter(a -> a.announcement() == Announcement.ROLLBACK_INITIATED)
                    .findFirst()
                    .orElseThrow();
            assertThat(initiated.facts())
                    .containsEntry(Announce.Facts.PREVIOUS_VERSION, "1.3.2")
                    .containsEntry(Announce.Facts.REASON, "/health answered 503, expected 200");

            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(4));
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RestoreConfiguration.class);
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RollBackMigration.class);
            run.succeed();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RunChecks.class,
                            c -> assertThat(c.expectedVersion()).isEqualTo("1.3.2"));
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_COMPLETE, Announcement.INCIDENT_REPORT);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
            String verified =
                    run.state.entry(RollbackStep.VERIFY_ROLLBACK).orElseThrow().notes();
            assertThat(verified).isNotBlank();
            assertThat(announced(run, Announcement.ROLLBACK_COMPLETE).facts())
                    .as("the announcement repeats what R4 measured, and claims no health of its own")
                    .containsEntry(Announce.Facts.VERIFICATION, verified);
        }

        @ParameterizedTest(name = "{0} failing rolls back {1}")
        @MethodSource("dev.runway.coordinator.phase.ReleaseStateMachineTest#rollbackPlans")
        void eachPhaseRollsBackWhatHadChanged(Phase failing, List<String> expectedSteps, ReleaseStatus expectedEnd) {
            Run run = new Run(spec(true, true, true)).advanceTo(failing);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "broken in " + failing, List.of()));
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }

            assertThat(run.state.status()).isEqualTo(expectedEnd);
            assertThat(run.status(failing)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.rollbackStages()).containsExactlyElementsOf(expectedSteps);
        }

        @Test
        void aFailedRollbackStepEndsFailedAndPagesCritically() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            run.answer(new StepFailed("rollout of revision 4 timed out", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(run.state
                            .entry(RollbackStep.ROLL_BACK_APPLICATION)
                            .orElseThrow()
                            .status())
                    .isEqualTo(PhaseStatus.FAILED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_FAILED, Announcement.INCIDENT_REPORT);
        }

        /** Post-Rollback Actions, step 1: the incident report's summary goes to the release's chat as it ends. */
        @Test
        void aCompletedRollbackPostsTheIncidentReportsSummaryOnceAfterRollbackComplete() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.announcements())
                    .filteredOn(a -> a == Announcement.INCIDENT_REPORT)
                    .hasSize(1);
            Announce report = announced(run, Announcement.INCIDENT_REPORT);
            assertThat(report.targets()).isEqualTo(run.state.targets().notifications());
            assertThat(report.facts().get(Announce.Facts.INCIDENT_REPORT))
                    .startsWith("Production Deployment Rollback - v1.4.0 (ROLLED_BACK)\n")
                    .contains("Trigger: SMOKE_TESTS_BELOW_THRESHOLD (EVALUATE ROLLBACK): ")
                    .contains("18 of 20 passed")
                    .contains("Rolled back: application rolled back ✅")
                    .contains("before it v1.3.2")
                    .contains(GuardSettings.DEFAULTS.coordinatorUrl() + "/dashboard/releases/" + RELEASE);
            Notice notice = run.state.notices().get(run.state.notices().size() - 1);
            assertThat(notice.announcement()).isEqualTo(Announcement.INCIDENT_REPORT);
            assertThat(notice.answerBy())
                    .as("chat only: nobody is paged when it is late")
                    .isNull();

            // the last rollback step's answer redelivered: the release has ended, nothing is posted again
            Transition redelivered = run.record(run.machine.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            run.sent.stream()
                                    .filter(c -> c.body() instanceof RunChecks)
                                    .reduce((a, b) -> b)
                                    .orElseThrow()
                                    .commandId(),
                            run.now,
                            "validator",
                            new StepSucceeded("done", List.of(), Map.of()))),
                    run.now));
            assertThat(redelivered.accepted()).isFalse();
            assertThat(redelivered.commands()).isEmpty();
        }

        @Test
        void theIncidentReportsCommandIdIsTheSameWhenTheLastStepIsAppliedAgain() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            while (run.state.pending().stage() != RollbackStep.VERIFY_ROLLBACK) {
                run.succeed();
            }
            ReleaseState before = run.state;
            Event verified = Event.of(
                    UUID.randomUUID(),
                    RELEASE,
                    before.pending().commandId(),
                    run.now.plusSeconds(30),
                    "validator",
                    new StepSucceeded("done", List.of(), Map.of()));

            Transition once = run.machine.on(before, new Input.WorkerReported(verified), run.now.plusSeconds(30));
            Transition again = run.machine.on(before, new Input.WorkerReported(verified), run.now.plusSeconds(30));

            assertThat(incidentReports(once)).hasSize(1);
            assertThat(incidentReports(again)).isEqualTo(incidentReports(once));
        }

        @Test
        void aFailedRollbackPostsTheIncidentReportSayingWhatFailed() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            run.answer(new StepFailed("rollout of revision 4 timed out", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(announced(run, Announcement.INCIDENT_REPORT).facts().get(Announce.Facts.INCIDENT_REPORT))
                    .startsWith("Production Deployment Rollback - v1.4.0 (FAILED)\n")
                    .contains("application rollback failed ❌");
        }

        @Test
        void anAbortBeforeAnyChangePostsNoIncidentReport() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.GO_NO_GO);
            run.vote(Role.DEPLOYMENT_LEAD, Decision.NO_GO, voter(Role.DEPLOYMENT_LEAD));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.announcements()).doesNotContain(Announcement.INCIDENT_REPORT);
        }

        @Test
        void aFailedRollbackVerificationEndsFailed() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));
            run.succeed();
            run.answer(new ThresholdBreached(RollbackTrigger.VERSION_MISMATCH, "/health reports 1.4.0", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
        }

        @Test
        void aReleaseRolledBackAfterPhase6FlushesItsCachesAgainInARowOfTheirOwnAfterTheDatabase() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.CACHE_INVALIDATION);
            Command phase6 = run.sent.get(run.sent.size() - 1);
            assertThat(phase6.body()).isInstanceOf(InvalidateCaches.class);
            run.step();
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            run.succeed();
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RollBackMigration.class);
            run.succeed();

            Command flush = run.sent.get(run.sent.size() - 1);
            assertThat(flush.body()).isEqualTo(phase6.body());
            assertThat(flush.commandId())
                    .as("a command of its own, so the worker does not take it for Phase 6's redelivered")
                    .isNotEqualTo(phase6.commandId());
            assertThat(flush.notAfter()).isEqualTo(run.now.plus(ProductionRunbook.CACHE_DEADLINE));
            assertThat(run.state.pending().worker()).isEqualTo(Worker.ROLLOUT_AGENT);
            TimelineEntry row = run.state.entry(RollbackStep.FLUSH_CACHES).orElseThrow();
            assertThat(row.label()).isEqualTo("R2");
            assertThat(row.task()).isEqualTo("Flush caches");
            assertThat(row.status()).isEqualTo(PhaseStatus.RUNNING);

            run.answer(new StepSucceeded("1 cache(s) cleared: cache sessions: FLUSHDB, DBSIZE 0", List.of(), Map.of()));
            assertThat(run.state.entry(RollbackStep.FLUSH_CACHES).orElseThrow())
                    .extracting(TimelineEntry::status, TimelineEntry::notes)
                    .containsExactly(PhaseStatus.SUCCEEDED, "1 cache(s) cleared: cache sessions: FLUSHDB, DBSIZE 0");
            assertThat(run.awaitedBody()).isInstanceOf(RunChecks.class);
            run.succeed();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        }

        @Test
        void aReleaseRolledBackBeforePhase6FlushesNoCache() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof InvalidateCaches);
            assertThat(run.state.entry(RollbackStep.FLUSH_CACHES)).isEmpty();
        }

        @Test
        void aFlushThatFailsInTheRollbackEndsFailedAndPages() {
            Run run = new Run(spec(false, false, true)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(InvalidateCaches.class);
            run.answer(new StepFailed("CloudFront invalidation I2J0I21PCUYOIK still InProgress after 4m", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(run.state.entry(RollbackStep.FLUSH_CACHES).orElseThrow().status())
                    .isEqualTo(PhaseStatus.FAILED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_FAILED, Announcement.INCIDENT_REPORT);
        }

        @Test
        void aRollbackPointThatIsNoRevisionIsUnknownSoAHalfwayRolloutIsNotUndoneToRevisionZero() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "rolling out",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "0", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.answer(new StepFailed("progress deadline exceeded", List.of()));

            assertThat(run.state.facts().previousRevision()).isEmpty();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aRolloutThatSucceededWithoutNamingItsRollbackPointIsUndoneToTheRevisionBeforeTheCurrentOne() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.succeed(Map.of(Outputs.REVISION, "5"));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));

            assertThat(run.state.facts().previousRevision()).isEmpty();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(new RollbackPoint.BeforeCurrent().toRevision()));
        }
    }

    static Stream<Arguments> rollbackPlans() {
        List<String> all = List.of(
                "DECLARE_ROLLBACK",
                "ROLL_BACK_APPLICATION",
                "RESTORE_CONFIGURATION",
                "ROLL_BACK_DATABASE",
                "VERIFY_ROLLBACK",
                "ANNOUNCE_ROLLBACK_COMPLETE");
        List<String> dbOnly =
                List.of("DECLARE_ROLLBACK", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK", "ANNOUNCE_ROLLBACK_COMPLETE");
        // from Phase 6 on (reached, failed in it or passed), the caches are flushed again after the database
        List<String> allAndCaches = List.of(
                "DECLARE_ROLLBACK",
                "ROLL_BACK_APPLICATION",
                "RESTORE_CONFIGURATION",
                "ROLL_BACK_DATABASE",
                "FLUSH_CACHES",
                "VERIFY_ROLLBACK",
                "ANNOUNCE_ROLLBACK_COMPLETE");
        return Stream.of(
                Arguments.of(Phase.PRE_FLIGHT_CHECKS, List.of(), ReleaseStatus.ABORTED),
                Arguments.of(Phase.DEPLOYMENT_START, List.of(), ReleaseStatus.ABORTED),
                Arguments.of(Phase.DATABASE_MIGRATION, dbOnly, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.APPLICATION_DEPLOYMENT, dbOnly, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.CONFIGURATION_UPDATE, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.SERVICE_VALIDATION, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.CACHE_INVALIDATION, allAndCaches, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.SMOKE_TESTING, allAndCaches, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.MONITORING_VALIDATION, allAndCaches, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.POST_DEPLOYMENT_VERIFICATION, allAndCaches, ReleaseStatus.ROLLED_BACK));
    }

    @Nested
    class Time {

        @Test
        void exceedingTheMaximumDurationRollsBackAndEndsAborted() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.tick(T0.plus(Duration.ofMinutes(60)));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.MAXIMUM_DURATION_EXCEEDED);
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
        }

        @Test
        void aTickBeforeAnyDeadlineChangesNothing() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            ReleaseState before = run.state;
            Transition t = run.tick(run.now.plusSeconds(10));

            assertThat(t.accepted()).isFalse();
            assertThat(t.state()).isEqualTo(before);
            assertThat(t.commands()).isEmpty();
        }

        @Test
        void phase2IsGivenItsBackupAndRehearsalBesidesTheMigrationTimeout() {
            Run run = new Run(spec(true, false, false)).advanceTo(Phase.DATABASE_MIGRATION);

            assertThat(run.state.pending().deadline())
                    .isEqualTo(run.now
                            .plusSeconds(2 * 600)
                            .plus(ProductionRunbook.DATABASE_PREPARATION)
                            .plus(ProductionRunbook.WORKER_GRACE));
        }

        @Test
        void aWorkerSilentPastItsDeadlineFailsTheStep() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Instant deadline = run.state.pending().deadline();
            assertThat(deadline).isEqualTo(run.now.plusSeconds(600).plus(ProductionRunbook.WORKER_GRACE));
            run.tick(deadline);

            assertThat(run.status(Phase.APPLICATION_DEPLOYMENT)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .contains("no answer from rollout-agent");
        }
    }

    /**
     * Awaited commands expire at their step's deadline; a refusal changed nothing; a step given up on may still be
     * carried out, so the rollback compensates it and the release ends by that rollback, never silently ABORTED.
     */
    @Nested
    class ExpiryAndCompensation {

        static final String EXPIRED = "expired at 2026-11-26T14:11:00Z, read at 2026-11-26T14:41:07Z";

        /** The command the release awaits now, as it was sent. */
        Command awaited(Run run) {
            UUID id = run.state.pending().commandId();
            return run.sent.stream()
                    .filter(c -> c.commandId().equals(id))
                    .findFirst()
                    .orElseThrow();
        }

        /** Checks the awaited command's notAfter, then answers it as {@link Run#step} would. */
        List<String> stepCheckingExpiry(Run run, ReleaseStatus until) {
            List<String> checked = new ArrayList<>();
            while (run.state.status() == until) {
                if (run.state.pending() != null) {
                    Command awaited = awaited(run);
                    assertThat(awaited.notAfter())
                            .as("notAfter of %s", run.state.pending().stage().name())
                            .isEqualTo(run.state.pending().deadline());
                    checked.add(run.state.pending().stage().name());
                }
                if (until == ReleaseStatus.ROLLING_BACK) {
                    run.succeed();
                } else {
                    run.step();
                }
            }
            return checked;
        }

        @Test
        void everyAwaitedCommandExpiresAtItsStepsDeadlineAndNothingElseExpires() {
            Run forward = new Run(spec(true, true, true));
            List<String> phases = stepCheckingExpiry(forward, ReleaseStatus.RUNNING);
            assertThat(forward.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(phases)
                    .containsExactly(
                            "PRE_FLIGHT_CHECKS",
                            "DEPLOYMENT_START",
                            "DATABASE_MIGRATION",
                            "APPLICATION_DEPLOYMENT",
                            "CONFIGURATION_UPDATE",
                            "SERVICE_VALIDATION",
                            "CACHE_INVALIDATION",
                            "SMOKE_TESTING",
                            "MONITORING_VALIDATION",
                            "POST_DEPLOYMENT_VERIFICATION");

            Run back = new Run(spec(true, true, true)).advanceTo(Phase.SERVICE_VALIDATION);
            back.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));
            assertThat(stepCheckingExpiry(back, ReleaseStatus.ROLLING_BACK))
                    .containsExactly(
                            "ROLL_BACK_APPLICATION", "RESTORE_CONFIGURATION", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK");

            assertThat(Stream.concat(forward.sent.stream(), back.sent.stream()))
                    .filteredOn(c -> c.body() instanceof Announce
                            || c.body() instanceof WatchGuards
                            || c.body() instanceof StopGuards)
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.notAfter())
                            .as("a command nobody awaits does not expire")
                            .isNull());
        }

        @Test
        void aRefusedMigrationChangedNothingSoTheReleaseAbortsWithoutARollback() {
            Run run = new Run(spec(true, false, false)).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new CommandRefused(EXPIRED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.status(Phase.DATABASE_MIGRATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state.entry(Phase.DATABASE_MIGRATION).orElseThrow().notes())
                    .isEqualTo("STEP_FAILED: migrator refused: " + EXPIRED + "; it changed nothing");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackMigration);
            assertThat(run.announcements()).endsWith(Announcement.DEPLOYMENT_ABORTED);
        }

        @Test
        void aRefusedRolloutChangedNothingSoTheReleaseAbortsWithoutARollback() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new CommandRefused(EXPIRED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aRefusedConfigurationIsNotRestoredButTheRolloutBeforeItIsUndone() {
            Run run = new Run(spec(false, true, false)).advanceTo(Phase.CONFIGURATION_UPDATE);
            run.answer(new CommandRefused(EXPIRED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().unanswered()).isNull();
            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RollBackDeployment.class, r -> {
                assertThat(r.toRevision()).isEqualTo(4);
                assertThat(r.undoes()).isNull();
            });
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK",
                            "ROLL_BACK_APPLICATION",
                            "VERIFY_ROLLBACK",
                            "ANNOUNCE_ROLLBACK_COMPLETE");
        }

        @Test
        void aRefusalAfterTheRolloutStatedItsRollbackPointStillUndoesIt() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "revision 7 is the rollback point",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "7", "revision", Measurement.Status.SUCCESSFUL, T0))));
            // a redelivery after the agent restarted past notAfter: the first attempt may have set the image
            run.answer(new CommandRefused(EXPIRED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(7));
        }

        @Test
        void aRefusedRollbackStepFailsTheReleaseAndPages() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20", List.of()));
            run.answer(new CommandRefused(EXPIRED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(run.state
                            .entry(RollbackStep.ROLL_BACK_APPLICATION)
                            .orElseThrow()
                            .status())
                    .isEqualTo(PhaseStatus.FAILED);
            assertThat(announced(run, Announcement.ROLLBACK_FAILED).facts().get(Announce.Facts.REASON))
                    .contains("refused: " + EXPIRED);
        }

        @Test
        void aRolloutTheAgentNeverAnsweredIsCompensatedAndALateAgentRefusesIt() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Command rollout = awaited(run);
            Instant deadline = run.state.pending().deadline();
            assertThat(rollout.body()).isInstanceOf(RollOutDeployment.class);
            assertThat(rollout.notAfter()).isEqualTo(deadline);

            run.tick(deadline);

            assertThat(run.state.status())
                    .as("a rollout that may still run is not an abort")
                    .isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .isEqualTo("STEP_FAILED: no answer from rollout-agent within 11m 0s (deadline " + deadline + ")");
            assertThat(run.state.rollback().reason())
                    .isEqualTo("no answer from rollout-agent within 11m 0s (deadline " + deadline
                            + "); compensating Application deployment, which rollout-agent may still carry out");
            Command compensation = awaited(run);
            assertThat(compensation.body()).isInstanceOfSatisfying(RollBackDeployment.class, r -> {
                assertThat(r.undoes()).isEqualTo(rollout.commandId());
                assertThat(r.toRevision())
                        .as("the revision before the current one, if the rollout made the current one")
                        .isZero();
            });
            assertThat(compensation.notAfter()).isEqualTo(deadline.plus(Duration.ofSeconds(660)));
            assertThat(announced(run, Announcement.ROLLBACK_INITIATED).facts())
                    .containsEntry(Announce.Facts.REASON, run.state.rollback().reason());

            // the agent comes back: the rollout is read first (same partition) and refused, as it has expired
            assertThat(rollout.expiredAt(run.now.plusSeconds(1))).isTrue();
            Transition refusal = run.record(run.machine.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            rollout.commandId(),
                            run.now,
                            "rollout-agent",
                            new CommandRefused(EXPIRED))),
                    run.now));
            assertThat(refusal.accepted()).isFalse();
            assertThat(refusal.rejection()).contains("stale");
            run.succeed();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RunChecks.class,
                            c -> assertThat(c.expectedVersion())
                                    .as("R4 checks that the version from before the release runs")
                                    .isEqualTo("1.3.2"));
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.announcements())
                    .endsWith(
                            Announcement.ROLLBACK_INITIATED,
                            Announcement.ROLLBACK_COMPLETE,
                            Announcement.INCIDENT_REPORT)
                    .doesNotContain(Announcement.DEPLOYMENT_ABORTED);
            assertThat(run.last.changes())
                    .last()
                    .extracting(Change::reason)
                    .asString()
                    .endsWith("after STEP_FAILED; compensated Application deployment, which rollout-agent had not"
                            + " answered");
        }

        @Test
        void aRolloutThatStatedItsRollbackPointBeforeFallingSilentIsCompensatedToThatRevision() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            UUID rollout = run.state.pending().commandId();
            run.answer(new StepProgressed(
                    "revision 7 is the rollback point",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "7", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.tick(run.state.pending().deadline());

            assertThat(run.awaitedBody()).isInstanceOfSatisfying(RollBackDeployment.class, r -> {
                assertThat(r.toRevision()).isEqualTo(7);
                assertThat(r.undoes()).isEqualTo(rollout);
            });
        }

        @ParameterizedTest(name = "{0} given up on is compensated by {1}")
        @MethodSource("dev.runway.coordinator.phase.ReleaseStateMachineTest#compensations")
        void aProductionChangingStepGivenUpOnIsCompensatedAndTheReleaseEndsRolledBack(
                Phase silent, Class<? extends CommandBody> compensation, List<String> plan) {
            Run run = new Run(spec(true, true, false)).advanceTo(silent);
            UUID given = run.state.pending().commandId();
            run.tick(run.state.pending().deadline());

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().unanswered().commandId()).isEqualTo(given);
            assertThat(run.state.rollback().reason()).contains("compensating " + silent.task());
            // later steps are built from the stored state: what was given up on must survive the JSON column
            run.state = StateCodec.read(StateCodec.write(run.state));
            assertThat(run.state.rollback().unanswered().commandId()).isEqualTo(given);
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                Command step = awaited(run);
                assertThat(step.notAfter()).isEqualTo(run.state.pending().deadline());
                // a migration's restore point is the release's own, so its compensation is the ordinary command
                boolean names = compensation.isInstance(step.body()) && !(step.body() instanceof RollBackMigration);
                assertThat(undoes(step.body()))
                        .as("only a compensation names what it undoes: %s", step.body())
                        .isEqualTo(names ? given : null);
                run.succeed();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.sent).anyMatch(c -> compensation.isInstance(c.body()));
            assertThat(run.rollbackStages()).containsExactlyElementsOf(plan);
            assertThat(run.announcements())
                    .endsWith(
                            Announcement.ROLLBACK_INITIATED,
                            Announcement.ROLLBACK_COMPLETE,
                            Announcement.INCIDENT_REPORT);
            assertThat(run.last.changes())
                    .last()
                    .extracting(Change::reason)
                    .asString()
                    .contains("compensated");
        }

        /** The command a compensating step names; null for an ordinary step and where the contract has no field. */
        UUID undoes(CommandBody body) {
            if (body instanceof RollBackDeployment r) {
                return r.undoes();
            }
            if (body instanceof RestoreConfiguration r) {
                return r.undoes();
            }
            return null;
        }

        @Test
        void aCompensationThatTimesOutFailsTheReleaseAndPages() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.tick(run.state.pending().deadline());
            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);

            run.tick(run.state.pending().deadline());

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(run.state
                            .entry(RollbackStep.ROLL_BACK_APPLICATION)
                            .orElseThrow()
                            .status())
                    .isEqualTo(PhaseStatus.FAILED);
            assertThat(announced(run, Announcement.ROLLBACK_FAILED).facts().get(Announce.Facts.REASON))
                    .contains("no answer from rollout-agent");
        }

        @Test
        void aCacheInvalidationGivenUpOnIsFollowedByAFlushOfTheSameCachesInTheRollback() {
            Run run = new Run(spec(false, false, true)).advanceTo(Phase.CACHE_INVALIDATION);
            Command phase6 = awaited(run);
            run.tick(run.state.pending().deadline());

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().reason()).contains("compensating Cache invalidation");
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK",
                            "ROLL_BACK_APPLICATION",
                            "FLUSH_CACHES",
                            "VERIFY_ROLLBACK",
                            "ANNOUNCE_ROLLBACK_COMPLETE");
            assertThat(run.sent)
                    .filteredOn(c -> c.body() instanceof InvalidateCaches)
                    .extracting(Command::commandId)
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .startsWith(phase6.commandId());
        }

        @Test
        void theMaximumDurationPassingDuringAnUnansweredRolloutCompensatesIt() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            UUID rollout = run.state.pending().commandId();
            run.tick(T0.plus(Duration.ofMinutes(60)));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.undoes()).isEqualTo(rollout));
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_COMPLETE, Announcement.INCIDENT_REPORT);
        }

        @Test
        void anAbortWhileTheRolloutIsUnansweredIsRefusedBecauseTheRolloutMayStillRun() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);

            Transition refused = MACHINE.on(run.state, new Input.AbortRequested("dana", "agent down"), run.now);

            assertThat(refused.rejection()).contains("production has already changed", "APPLICATION_DEPLOYMENT");
        }
    }

    static Stream<Arguments> compensations() {
        return Stream.of(
                Arguments.of(
                        Phase.DATABASE_MIGRATION,
                        RollBackMigration.class,
                        List.of(
                                "DECLARE_ROLLBACK",
                                "ROLL_BACK_DATABASE",
                                "VERIFY_ROLLBACK",
                                "ANNOUNCE_ROLLBACK_COMPLETE")),
                Arguments.of(
                        Phase.APPLICATION_DEPLOYMENT,
                        RollBackDeployment.class,
                        List.of(
                                "DECLARE_ROLLBACK",
                                "ROLL_BACK_APPLICATION",
                                "ROLL_BACK_DATABASE",
                                "VERIFY_ROLLBACK",
                                "ANNOUNCE_ROLLBACK_COMPLETE")),
                Arguments.of(
                        Phase.CONFIGURATION_UPDATE,
                        RestoreConfiguration.class,
                        List.of(
                                "DECLARE_ROLLBACK",
                                "ROLL_BACK_APPLICATION",
                                "RESTORE_CONFIGURATION",
                                "ROLL_BACK_DATABASE",
                                "VERIFY_ROLLBACK",
                                "ANNOUNCE_ROLLBACK_COMPLETE")));
    }

    @Nested
    class InvalidInputs {

        @Test
        void anEventForACommandNotAwaitedIsRejectedAndChangesNothing() {
            Run run = new Run(spec(false, false, false));
            ReleaseState before = run.state;
            Transition t = MACHINE.on(
                    before,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            UUID.randomUUID(),
                            T0,
                            "test",
                            new StepSucceeded("x", List.of(), Map.of()))),
                    T0);

            assertThat(t.accepted()).isFalse();
            assertThat(t.rejection()).contains("does not await");
            assertThat(t.state()).isEqualTo(before);
        }

        @Test
        void aSecondSuccessForTheSameCommandIsRejected() {
            Run run = new Run(spec(false, false, false));
            UUID preFlight = run.state.pending().commandId();
            run.succeed();
            Transition again = MACHINE.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            preFlight,
                            T0,
                            "test",
                            new StepSucceeded("x", List.of(), Map.of()))),
                    T0);

            assertThat(again.accepted()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(
                value = ReleaseStatus.class,
                names = {"COMPLETED", "ROLLED_BACK", "FAILED", "ABORTED"})
        void anEndedReleaseAcceptsNothing(ReleaseStatus terminal) {
            Run run = new Run(spec(false, false, false));
            ReleaseState ended = new ReleaseState(
                    RELEASE,
                    run.state.spec(),
                    run.state.targets(),
                    terminal,
                    null,
                    null,
                    run.state.timeline(),
                    Facts.NONE,
                    null,
                    T0,
                    T0,
                    null,
                    null,
                    null,
                    REQUESTER,
                    null,
                    null,
                    List.of());

            assertThat(MACHINE.on(ended, new Input.ClockTicked(), T0.plus(Duration.ofDays(1)))
                            .rejection())
                    .contains("ended");
        }

        @Test
        void progressIsRecordedAsNotesAndAuditedAsATransitionOfItsOwnWithoutAdvancing() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Transition started = run.answer(new StepStarted("setting image"));
            run.answer(new StepProgressed("2 of 3 updated replicas are available", List.of()));

            assertThat(run.state.phase()).isEqualTo(Phase.APPLICATION_DEPLOYMENT);
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .isEqualTo("2 of 3 updated replicas are available");
            assertThat(run.last.commands()).isEmpty();
            assertThat(started.changes())
                    .containsExactly(new Change(
                            ReleaseStatus.RUNNING,
                            Phase.APPLICATION_DEPLOYMENT,
                            PhaseStatus.RUNNING,
                            "setting image",
                            null));
            assertThat(run.last.changes())
                    .containsExactly(new Change(
                            ReleaseStatus.RUNNING,
                            Phase.APPLICATION_DEPLOYMENT,
                            PhaseStatus.RUNNING,
                            "2 of 3 updated replicas are available",
                            null));
        }

        @Test
        void progressOfARollbackStepIsAuditedAsTheRollbackGoingOnNotAsTheReleaseRunning() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "revision 7 is the rollback point",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "7", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.answer(new StepFailed("progress deadline exceeded", List.of()));
            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);

            run.answer(new StepProgressed("1 of 3 pods back on revision 7", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.last.commands()).isEmpty();
            assertThat(run.last.changes())
                    .containsExactly(new Change(
                            ReleaseStatus.ROLLING_BACK,
                            Phase.APPLICATION_DEPLOYMENT,
                            PhaseStatus.RUNNING,
                            "1 of 3 pods back on revision 7",
                            null));
        }
    }

    @Nested
    class ChangingTheRunbook {

        final ProductionRunbook production = new ProductionRunbook();

        /** The runbook's content with other phases; the rollback steps stay the production ones. */
        Runbook runbook(List<PhaseDefinition> phases) {
            return new Runbook() {
                @Override
                public List<PhaseDefinition> phases() {
                    return phases;
                }

                @Override
                public List<RollbackStep> rollbackPlan(Set<RollbackStep> undo) {
                    return production.rollbackPlan(undo);
                }

                @Override
                public Action.Await undo(RollbackStep step, Runbook.Context release) {
                    return production.undo(step, release);
                }
            };
        }

        /** A copy of the production runbook as it was before Phase 6 was written. */
        List<PhaseDefinition> withoutCacheInvalidation() {
            return production.phases().stream()
                    .filter(d -> d.phase() != Phase.CACHE_INVALIDATION)
                    .collect(Collectors.toCollection(ArrayList::new));
        }

        @Test
        void theProductionRunbookRunsEveryPhaseOnceInTheOrderOfTheRunbook() {
            assertThat(production.phases()).extracting(PhaseDefinition::phase).containsExactly(Phase.values());
        }

        @Test
        void aPhaseAddedToACopyOfTheRunbookRunsWithNoChangeToTheEngine() {
            List<PhaseDefinition> phases = withoutCacheInvalidation();
            Run before = new Run(new ReleaseStateMachine(runbook(phases)), spec(false, false, false));
            InvalidateCaches flush = new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, "edge")));
            int afterValidation = phases.indexOf(phases.stream()
                            .filter(d -> d.phase() == Phase.SERVICE_VALIDATION)
                            .findFirst()
                            .orElseThrow())
                    + 1;
            phases.add(
                    afterValidation,
                    PhaseDefinition.of(Phase.CACHE_INVALIDATION, c -> Action.await(flush, Duration.ofMinutes(1)))
                            .undoneBy(RollbackStep.FLUSH_CACHES));

            Run run = new Run(new ReleaseStateMachine(runbook(phases)), spec(false, false, false))
                    .advanceTo(Phase.CACHE_INVALIDATION);

            assertThat(before.state.entry(Phase.CACHE_INVALIDATION)).isEmpty();
            assertThat(run.awaitedBody()).isEqualTo(flush);
            assertThat(run.state.pending().worker()).isEqualTo(Worker.ROLLOUT_AGENT);
            assertThat(run.state.pending().deadline()).isEqualTo(run.now.plus(Duration.ofMinutes(1)));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.timeline())
                    .extracting(e -> e.stage().name())
                    .containsSubsequence("SERVICE_VALIDATION", "CACHE_INVALIDATION", "SMOKE_TESTING");
        }

        @Test
        void aPhaseRemovedFromACopyOfTheRunbookIsNeitherRunNorShown() {
            Run run = new Run(new ReleaseStateMachine(runbook(withoutCacheInvalidation())), spec(true, true, true));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.entry(Phase.CACHE_INVALIDATION)).isEmpty();
            assertThat(run.sent).noneMatch(c -> c.body() instanceof InvalidateCaches);
        }
    }

    // ---- the continuous guard: the runbook's "When to Rollback", measured while the release runs

    static Transition guardReports(Run run, EventBody body) {
        run.now = run.now.plusSeconds(5);
        return run.record(run.machine.on(
                run.state,
                new Input.WorkerReported(Event.of(
                        UUID.randomUUID(), RELEASE, run.state.guard().commandId(), run.now, "validator", body)),
                run.now));
    }

    static StepProgressed sample(String rule, String value, Measurement.Status status) {
        return new StepProgressed(rule + " sampled", List.of(new Measurement(rule, value, "ratio", status, T0)));
    }

    static ThresholdBreached breach(GuardRule rule, String explanation) {
        Evidence evidence = new Evidence(
                rule.name(),
                rule.metric(),
                "sum(rate(http_requests_total{code=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))",
                rule.threshold(),
                rule.windowSeconds(),
                rule.severity(),
                Verdict.FAILED,
                T0,
                T0.plusSeconds(rule.windowSeconds()),
                13,
                0.08,
                0.12,
                0.1012,
                explanation);
        return new ThresholdBreached(
                rule.trigger(),
                explanation,
                List.of(new Measurement(rule.name(), "0.1012", "ratio", Measurement.Status.FAILED, T0)),
                evidence);
    }

    static final GuardRule IMMEDIATE = GuardRule.RUNBOOK_DEFAULTS.get(0);
    static final GuardRule EVALUATE = GuardRule.RUNBOOK_DEFAULTS.get(1);
    static final String SUSTAINED =
            "error-rate-immediate: error rate > 5.00% for 60 s breached: last 10.12%; query: sum(rate(...))";
    static final String ELEVATED =
            "error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10%; query: sum(rate(...))";

    static Transition decide(Run run, DecisionAction action, String reason) {
        run.now = run.now.plusSeconds(60);
        return run.record(run.machine.on(run.state, new Input.Decided(action, reason, "Dana Lead"), run.now));
    }

    static List<Command> incidentReports(Transition t) {
        return t.commands().stream()
                .filter(c -> c.body() instanceof Announce a && a.announcement() == Announcement.INCIDENT_REPORT)
                .toList();
    }

    static Announce announced(Run run, Announcement announcement) {
        return run.sent.stream()
                .map(Command::body)
                .filter(Announce.class::isInstance)
                .map(Announce.class::cast)
                .filter(a -> a.announcement() == announcement)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + announcement + " announced"));
    }

    static <T extends CommandBody> List<T> sentOf(Run run, Class<T> type) {
        return run.sent.stream()
                .map(Command::body)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static List<String> guardRows(Run run) {
        return run.state.timeline().stream()
                .filter(e -> e.stage() instanceof GuardStep)
                .map(e -> e.stage().name() + ": " + e.notes())
                .toList();
    }

    @Nested
    class Guards {

        @Test
        void theGuardStartsWatchingWhenTheRolloutStartsBesideTheAwaitedRollout() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.APPLICATION_DEPLOYMENT);

            assertThat(run.awaitedBody()).isInstanceOf(RollOutDeployment.class);
            assertThat(sentOf(run, WatchGuards.class)).singleElement().satisfies(w -> {
                assertThat(w.environment()).isEqualTo("production");
                assertThat(w.target()).isEqualTo(run.state.targets().kubernetes());
                assertThat(w.rules()).isEqualTo(GuardRule.RUNBOOK_DEFAULTS);
                assertThat(w.until()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
            });
            assertThat(run.state.guard().commandId())
                    .isNotEqualTo(run.state.pending().commandId());
        }

        @Test
        void samplesUpdateTheLatestValuePerRuleWithoutChangingThePhaseOrAuditingEachSample() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            PendingCommand rollout = run.state.pending();
            guardReports(run, sample("error-rate-immediate", "0.0010", Measurement.Status.SUCCESSFUL));
            Transition t = guardReports(run, sample("error-rate-immediate", "0.0200", Measurement.Status.SUCCESSFUL));

            assertThat(t.accepted()).isTrue();
            assertThat(t.changes()).isEmpty();
            assertThat(t.commands()).isEmpty();
            assertThat(run.state.phase()).isEqualTo(Phase.APPLICATION_DEPLOYMENT);
            assertThat(run.state.pending()).isEqualTo(rollout);
            assertThat(run.state.guard().samples().get("error-rate-immediate").value())
                    .isEqualTo("0.0200");
        }

        @Test
        void onlyTheGuardsOwnEventsAreGuardSamplesNotTheRolloutsMeasurements() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            guardReports(run, sample("error-rate-immediate", "0.0010", Measurement.Status.SUCCESSFUL));
            run.answer(new StepProgressed(
                    "2 of 3 replicas updated; pod shop-7f9 CrashLoopBackOff",
                    List.of(
                            new Measurement(
                                    "availableUpdatedReplicas", "2", "replicas", Measurement.Status.SUCCESSFUL, T0),
                            new Measurement("podFailure", "CrashLoopBackOff", "", Measurement.Status.FAILED, T0),
                            new Measurement(
                                    "error-rate-immediate", "0.9000", "ratio", Measurement.Status.FAILED, T0))));
            guardReports(
                    run,
                    new StepProgressed(
                            "error-rate-evaluate sampled",
                            List.of(
                                    new Measurement(
                                            "error-rate-evaluate",
                                            "0.0020",
                                            "ratio",
                                            Measurement.Status.SUCCESSFUL,
                                            T0),
                                    new Measurement(
                                            "query", "sum(rate(...))", "", Measurement.Status.SUCCESSFUL, T0))));

            assertThat(run.state.guard().samples()).containsOnlyKeys("error-rate-immediate", "error-rate-evaluate");
            assertThat(run.state.guard().samples().get("error-rate-immediate").value())
                    .isEqualTo("0.0010");
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .contains("CrashLoopBackOff");
        }

        @Test
        void hypercareSamplesAnswerTheHypercareWatchAndTheFirstWatchsLateSamplesAreStale() {
            Run run = new Run(spec(false, false, false));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            UUID firstWatch = run.sent.stream()
                    .filter(c -> c.body() instanceof WatchGuards)
                    .findFirst()
                    .orElseThrow()
                    .commandId();
            guardReports(run, sample("error-rate-immediate", "0.0030", Measurement.Status.SUCCESSFUL));
            Transition late = run.record(run.machine.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            firstWatch,
                            run.now,
                            "validator",
                            sample("error-rate-immediate", "0.0400", Measurement.Status.SUCCESSFUL))),
                    run.now));

            assertThat(late.accepted()).isFalse();
            assertThat(run.state.guard().samples().get("error-rate-immediate").value())
                    .isEqualTo("0.0030");
        }

        @Test
        void theSpecsRulesReplaceTheRunbooksByNameAndAddNewOnes() {
            GuardRule tighter = new GuardRule(
                    "error-rate-immediate",
                    GuardMetric.ERROR_RATE,
                    0.02,
                    30,
                    5,
                    Severity.IMMEDIATE,
                    RollbackTrigger.ERROR_RATE_SUSTAINED);
            GuardRule checkout = new GuardRule(
                    "checkout-latency",
                    GuardMetric.LATENCY_P99,
                    2.0,
                    60,
                    5,
                    Severity.EVALUATE,
                    RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
            Run run = new Run(withGuards(new GuardPolicy(List.of(tighter, checkout), null, null, null)))
                    .advanceTo(Phase.APPLICATION_DEPLOYMENT);

            assertThat(sentOf(run, WatchGuards.class).get(0).rules())
                    .containsExactly(
                            tighter, GuardRule.RUNBOOK_DEFAULTS.get(1), GuardRule.RUNBOOK_DEFAULTS.get(2), checkout);
        }

        @ParameterizedTest(name = "during {0}")
        @EnumSource(
                value = Phase.class,
                names = {"CONFIGURATION_UPDATE", "SMOKE_TESTING"})
        void anImmediateBreachRollsBackAtOnceAndTheStaleAnswerOfThePendingCommandIsRejected(Phase during) {
            Run run = new Run(spec(true, true, true)).advanceTo(during);
            UUID interrupted = run.state.pending().commandId();
            guardReports(run, breach(IMMEDIATE, SUSTAINED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
            // the interrupted configuration apply may still run, so the reason goes on to say it is compensated
            assertThat(run.state.rollback().reason()).startsWith(SUSTAINED);
            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);
            assertThat(announced(run, Announcement.ROLLBACK_INITIATED).facts())
                    .containsEntry(Announce.Facts.TRIGGER, "ERROR_RATE_SUSTAINED")
                    .containsEntry(Announce.Facts.EVIDENCE, SUSTAINED)
                    .containsEntry(Announce.Facts.RULE, "error-rate-immediate");
            assertThat(run.last.changes()).anyMatch(c -> c.reason().contains(SUSTAINED));
            assertThat(guardRows(run)).containsExactly("GUARD_BREACH: ERROR_RATE_SUSTAINED (immediate): " + SUSTAINED);

            Transition stale = run.record(run.machine.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            interrupted,
                            run.now,
                            "rollout-agent",
                            new StepSucceeded("done", List.of(), Map.of()))),
                    run.now));
            assertThat(stale.accepted()).isFalse();
            assertThat(stale.rejection()).contains("stale");

            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        }

        @Test
        void anEvaluateBreachAsksAPersonAndHoldsThePipeline() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.AWAITING_DECISION);
            assertThat(run.state.phase()).isEqualTo(Phase.SMOKE_TESTING);
            assertThat(announced(run, Announcement.DECISION_REQUESTED).facts())
                    .containsEntry(Announce.Facts.EVIDENCE, ELEVATED)
                    .containsEntry(Announce.Facts.TRIGGER, "ERROR_RATE_ELEVATED")
                    .containsEntry(Announce.Facts.ON_TIMEOUT, "ROLLBACK")
                    .containsEntry(
                            Announce.Facts.DECIDE_BY,
                            run.now.plus(Duration.ofMinutes(15)).toString())
                    .hasEntrySatisfying(
                            Announce.Facts.DECISION_COMMAND,
                            c -> assertThat(c).contains("/releases/" + RELEASE + "/decisions"));
            assertThat(run.state.decision().breach().explanation()).isEqualTo(ELEVATED);
        }

        @Test
        void continueResumesThePipelineToCompletion() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            decide(run, DecisionAction.CONTINUE, "known noisy endpoint");

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(guardRows(run))
                    .last()
                    .asString()
                    .contains("CONTINUE decided by Dana Lead: known noisy endpoint");
            assertThat(run.last.changes()).anyMatch(c -> c.reason().contains("Dana Lead"));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        }

        @Test
        void aStepThatSucceedsWhileAwaitingIsHeldAndAppliedOnContinue() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.AWAITING_DECISION);
            assertThat(run.state.phase()).isEqualTo(Phase.SMOKE_TESTING);
            assertThat(run.status(Phase.SMOKE_TESTING)).isEqualTo(PhaseStatus.RUNNING);
            assertThat(run.last.commands()).isEmpty();

            decide(run, DecisionAction.CONTINUE, "latency is the batch job");
            assertThat(run.status(Phase.SMOKE_TESTING)).isEqualTo(PhaseStatus.SUCCEEDED);
            assertThat(run.state.phase()).isEqualTo(Phase.MONITORING_VALIDATION);
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        }

        @Test
        void rollbackRunsTheRunbooksRollbackWithTheBreachsTrigger() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            decide(run, DecisionAction.ROLLBACK, "customers complain");

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_ELEVATED);
            assertThat(run.state.rollback().reason())
                    .contains(ELEVATED)
                    .contains("ROLLBACK decided by Dana Lead: customers complain");
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages()).contains("ROLL_BACK_APPLICATION", "ROLL_BACK_DATABASE");
        }

        @Test
        void rollbackAfterAHeldRolloutSuccessStillUndoesTheRollout() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            guardReports(run, breach(EVALUATE, ELEVATED));
            run.succeed(Map.of(Outputs.REVISION, "5"));
            decide(run, DecisionAction.ROLLBACK, "not worth the risk");

            assertThat(run.awaitedBody()).isInstanceOf(RollBackDeployment.class);
        }

        @Test
        void withoutADecisionByTheTimeoutTheReleaseRollsBack() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            run.succeed();
            Instant deadline = run.state.decision().deadline();
            assertThat(run.tick(deadline.minusSeconds(1)).accepted()).isFalse();
            run.tick(deadline);

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_ELEVATED);
            assertThat(guardRows(run))
                    .anyMatch(r -> r.contains("no decision by " + deadline + ", so the timeout decided"));
        }

        @Test
        void withoutADecisionByTheTimeoutAReleaseThatSaysContinueGoesOn() {
            Run run = new Run(withGuards(new GuardPolicy(List.of(), 120, DecisionAction.CONTINUE, null)))
                    .advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            Instant deadline = run.state.decision().deadline();
            assertThat(deadline).isEqualTo(run.now.plusSeconds(120));
            run.succeed();
            run.tick(deadline);

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(run.state.phase()).isEqualTo(Phase.MONITORING_VALIDATION);
            assertThat(guardRows(run)).last().asString().contains("CONTINUE: no decision by");
        }

        @Test
        void anImmediateBreachWhileAwaitingADecisionRollsBackAtOnce() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            guardReports(run, breach(EVALUATE, ELEVATED));
            guardReports(run, breach(IMMEDIATE, SUSTAINED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
            assertThat(run.state.decision()).isNull();
        }

        @Test
        void anInconclusiveVerdictIsRecordedAndTheReleaseGoesOn() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            String noData = "error-rate-immediate: error rate > 5.00% for 60 s inconclusive: no data in the last 5"
                    + " sample(s) (no traffic?); query: sum(rate(...))";
            Evidence evidence = new Evidence(
                    "error-rate-immediate",
                    GuardMetric.ERROR_RATE,
                    "sum(rate(...))",
                    0.05,
                    60,
                    Severity.IMMEDIATE,
                    Verdict.INCONCLUSIVE,
                    T0,
                    T0,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    noData);
            guardReports(
                    run,
                    new ThresholdBreached(
                            RollbackTrigger.ERROR_RATE_SUSTAINED,
                            noData,
                            List.of(new Measurement(
                                    "error-rate-immediate", "NaN", "ratio", Measurement.Status.INCONCLUSIVE, T0)),
                            evidence));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
            assertThat(run.state.phase()).isEqualTo(Phase.SERVICE_VALIDATION);
            assertThat(guardRows(run)).containsExactly("GUARD_NOTICE: inconclusive, the release goes on: " + noData);
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        }

        @Test
        void aDecisionIsRefusedWhenNoneIsAwaited() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            Transition t = decide(run, DecisionAction.ROLLBACK, "just because");

            assertThat(t.accepted()).isFalse();
            assertThat(t.rejection()).contains("not awaiting a decision");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(
                value = ReleaseStatus.class,
                names = {"ROLLED_BACK", "ABORTED", "FAILED"})
        void theGuardIsStoppedWhenTheReleaseEnds(ReleaseStatus end) {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            switch (end) {
                case ROLLED_BACK -> {
                    guardReports(run, breach(IMMEDIATE, SUSTAINED));
                    while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                        run.succeed();
                    }
                }
                case ABORTED -> {
                    run.tick(T0.plus(Duration.ofMinutes(60)));
                    while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                        run.succeed();
                    }
                }
                case FAILED -> {
                    guardReports(run, breach(IMMEDIATE, SUSTAINED));
                    run.answer(new StepFailed("rollout of revision 4 timed out", List.of()));
                }
                case RUNNING, AWAITING_DECISION, ROLLING_BACK, COMPLETED -> throw new IllegalArgumentException();
            }

            assertThat(run.state.status()).isEqualTo(end);
            assertThat(sentOf(run, StopGuards.class))
                    .singleElement()
                    .satisfies(s -> assertThat(s.reason()).contains(end.name()));
        }

        @Test
        void aReleaseThatAbortsBeforeTheRolloutHasNoGuardToStop() {
            Run run = new Run(spec(false, false, false));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof WatchGuards || c.body() instanceof StopGuards);
        }
    }

    @Nested
    class Hypercare {

        Run completed(Release spec) {
            Run run = new Run(spec);
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            return run;
        }

        @Test
        void atCompletionTheGuardKeepsWatchingForTheHypercarePeriodAndTheAnnouncementSaysSo() {
            Run run = completed(spec(false, false, false));

            List<WatchGuards> watches = sentOf(run, WatchGuards.class);
            assertThat(watches).hasSize(2);
            Instant until = run.now.plus(Duration.ofMinutes(30));
            assertThat(watches.get(1).until()).isEqualTo(until);
            assertThat(run.state.guard().hypercareUntil()).isEqualTo(until);
            assertThat(run.state.guard().commandId())
                    .isEqualTo(run.sent.get(run.sent.size() - 1).commandId());
            assertThat(announced(run, Announcement.DEPLOYMENT_COMPLETE).facts())
                    .containsEntry(Announce.Facts.HYPERCARE_UNTIL, until.toString())
                    .hasEntrySatisfying(
                            Announce.Facts.MONITORING,
                            m -> assertThat(m).contains("error-rate-immediate: last", "over 300 s"))
                    .hasEntrySatisfying(
                            Announce.Facts.HYPERCARE,
                            h -> assertThat(h)
                                    .contains("error-rate-immediate", "error-rate-evaluate", "latency-p99-evaluate")
                                    .contains(until.toString()));
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StopGuards);
        }

        @Test
        void aReleaseMayAskForAnotherHypercarePeriod() {
            Run run = completed(withGuards(new GuardPolicy(List.of(), null, null, 600)));

            assertThat(run.state.guard().hypercareUntil()).isEqualTo(run.now.plusSeconds(600));
        }

        @Test
        void withoutARunningGuardThereIsNoHypercareAndTheAnnouncementClaimsNone() {
            // a release stored before guards existed reaches its last check with no guard
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);
            ReleaseState s = run.state;
            run.state = new ReleaseState(
                    s.releaseId(),
                    s.spec(),
                    s.targets(),
                    s.status(),
                    s.phase(),
                    s.pending(),
                    s.timeline(),
                    s.facts(),
                    s.rollback(),
                    s.startedAt(),
                    s.endedAt(),
                    null,
                    null,
                    null,
                    s.requestedBy(),
                    null,
                    null,
                    s.notices());
            run.sent.clear();
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(announced(run, Announcement.DEPLOYMENT_COMPLETE).facts())
                    .doesNotContainKeys(Announce.Facts.HYPERCARE, Announce.Facts.HYPERCARE_UNTIL);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof WatchGuards);
            assertThat(run.state.guard()).isNull();
        }

        @Test
        void pastTheMaximumDurationTheGuardHasStoppedSoThereIsNoHypercare() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);
            run.now = T0.plus(Duration.ofMinutes(60)).minusSeconds(30);
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(announced(run, Announcement.DEPLOYMENT_COMPLETE).facts())
                    .doesNotContainKey(Announce.Facts.HYPERCARE);
        }

        @Test
        void aBreachDuringHypercareRaisesAnAlertAndARollbackDecisionRollsTheReleaseBack() {
            Run run = completed(spec(true, true, true));
            guardReports(run, sample("error-rate-immediate", "0.0900", Measurement.Status.FAILED));
            guardReports(run, breach(IMMEDIATE, SUSTAINED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(announced(run, Announcement.HYPERCARE_ALERT).facts())
                    .containsEntry(Announce.Facts.EVIDENCE, SUSTAINED)
                    .containsEntry(Announce.Facts.TRIGGER, "ERROR_RATE_SUSTAINED")
                    .hasEntrySatisfying(
                            Announce.Facts.DECISION_COMMAND,
                            c -> assertThat(c)
                                    .startsWith("curl -X POST http://localhost:8080/releases/" + RELEASE + "/decisions")
                                    .contains("\"action\":\"ROLLBACK\""));

            decide(run, DecisionAction.ROLLBACK, "checkout errors after release");
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.endedAt()).isNull();
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK",
                            "ROLL_BACK_APPLICATION",
                            "RESTORE_CONFIGURATION",
                            "ROLL_BACK_DATABASE",
                            "FLUSH_CACHES",
                            "VERIFY_ROLLBACK",
                            "ANNOUNCE_ROLLBACK_COMPLETE");
            assertThat(sentOf(run, StopGuards.class)).hasSize(1);
        }

        @Test
        void aCompletedReleaseWithoutAnAlertRefusesADecision() {
            Run run = completed(spec(false, false, false));

            assertThat(decide(run, DecisionAction.ROLLBACK, "why not").rejection())
                    .contains("no hypercare alert");
        }

        static final UUID NEWER = UUID.fromString("99999999-2222-3333-4444-555555555555");

        Transition superseded(Run run) {
            run.now = run.now.plusSeconds(60);
            return run.record(run.machine.on(run.state, new Input.Superseded(NEWER), run.now));
        }

        @Test
        void aNewerReleaseEndsTheHypercareStopsTheGuardAndItsLaterEventsAreStale() {
            Run run = completed(spec(false, false, false));
            Instant until = run.state.guard().hypercareUntil();
            Transition t = superseded(run);

            assertThat(t.accepted()).isTrue();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.guard().hypercareEndedBy()).isEqualTo(NEWER);
            assertThat(run.state.guard().hypercareUntil()).isEqualTo(until);
            assertThat(t.commands())
                    .singleElement()
                    .satisfies(c -> assertThat(c.body()).isEqualTo(new StopGuards("superseded by release " + NEWER)));
            assertThat(guardRows(run))
                    .containsExactly("GUARD_NOTICE: hypercare ended early: superseded by release " + NEWER);

            Transition late = guardReports(run, breach(IMMEDIATE, SUSTAINED));
            assertThat(late.accepted()).isFalse();
            assertThat(late.rejection()).contains(NEWER.toString()).contains("stale");
            assertThat(run.announcements()).doesNotContain(Announcement.HYPERCARE_ALERT);
            assertThat(superseded(run).accepted()).isFalse();
        }

        @Test
        void aNewerReleaseClosesAnUndecidedHypercareAlertSoItCannotRollBackUnderTheNewerOne() {
            Run run = completed(spec(false, false, false));
            guardReports(run, breach(IMMEDIATE, SUSTAINED));
            superseded(run);

            assertThat(run.state.guard().alert()).isNull();
            assertThat(guardRows(run)).last().asString().contains("undecided alert on error-rate-immediate is closed");
            assertThat(decide(run, DecisionAction.ROLLBACK, "too late").accepted())
                    .isFalse();
        }

        @Test
        void aReleaseNotInHypercareIsNotSuperseded() {
            Run running = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            assertThat(superseded(running).rejection()).contains("not in hypercare");

            Run over = completed(spec(false, false, false));
            over.now = over.state.guard().hypercareUntil();
            assertThat(over.machine
                            .on(over.state, new Input.Superseded(NEWER), over.now)
                            .accepted())
                    .isFalse();
        }

        @Test
        void afterHypercareTheGuardsReportsAreNoLongerAccepted() {
            Run run = completed(spec(false, false, false));
            run.now = run.state.guard().hypercareUntil();

            assertThat(guardReports(run, breach(IMMEDIATE, SUSTAINED)).accepted())
                    .isFalse();
        }
    }

    @Nested
    class MonitoringValidation {

        Run inPhase8() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.MONITORING_VALIDATION);
            assertThat(run.state.observation()).isNotNull();
            return run;
        }

        /** The checks answer, then every rule is sampled with data every 5 s until the observation ends. */
        void sampleEveryRule(Run run, Instant until) {
            if (run.state.pending() != null) {
                run.succeed();
            }
            for (Instant t = run.now; t.isBefore(until); t = t.plusSeconds(5)) {
                run.now = t.minusSeconds(5);
                guardReports(run, measured("error-rate-immediate", "0.0000", "ratio"));
                run.now = t.minusSeconds(5);
                guardReports(run, measured("error-rate-evaluate", "0.0012", "ratio"));
                run.now = t.minusSeconds(5);
                guardReports(run, measured("latency-p99-evaluate", "0.023", "seconds"));
            }
        }

        StepProgressed measured(String rule, String value, String unit) {
            return new StepProgressed(
                    rule + " sampled", List.of(new Measurement(rule, value, unit, Measurement.Status.SUCCESSFUL, T0)));
        }

        @Test
        void theObservationLastsTheRunbooksFiveMinutesAndThePhaseDeadlineOutlastsIt() {
            Run run = inPhase8();

            assertThat(run.state.observation().until()).isEqualTo(run.now.plus(Duration.ofMinutes(5)));
            assertThat(run.state.pending().deadline())
                    .isAfter(run.state.observation().until());
        }

        @Test
        void passesAfterTheObservationWithSamplesAndItsNoteSaysWhatEachRuleMeasured() {
            Run run = inPhase8();
            Instant since = run.now;
            Instant until = run.state.observation().until();
            sampleEveryRule(run, until);
            assertThat(run.state.phase()).isEqualTo(Phase.MONITORING_VALIDATION);
            assertThat(run.tick(until.minusSeconds(1)).accepted()).isFalse();

            run.tick(until);

            assertThat(run.state.phase()).isEqualTo(Phase.POST_DEPLOYMENT_VERIFICATION);
            assertThat(run.state.observation()).isNull();
            assertThat(run.state.entry(Phase.MONITORING_VALIDATION).orElseThrow())
                    .satisfies(e -> assertThat(e.status()).isEqualTo(PhaseStatus.SUCCEEDED))
                    .satisfies(e -> assertThat(e.notes())
                            .isEqualTo("error-rate-immediate: last 0.00% (threshold 5.00%, window 60 s), 54 samples"
                                    + " over 300 s; error-rate-evaluate: last 0.12% (threshold 1.00%, window 300 s),"
                                    + " 54 samples over 300 s; latency-p99-evaluate: last 23 ms (threshold 5000 ms,"
                                    + " window 600 s), 54 samples over 300 s; /metrics answered in Prometheus"
                                    + " format; done"));
            assertThat(Duration.between(since, until)).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void aReleaseMayAskForAShorterObservation() {
            Run run = new Run(withGuards(new GuardPolicy(List.of(), null, null, null, 15)))
                    .advanceTo(Phase.MONITORING_VALIDATION);

            assertThat(run.state.observation().until()).isEqualTo(run.now.plusSeconds(15));
        }

        @Test
        void aRuleWithoutDataFailsThePhaseWithMetricsUnavailableNamingIt() {
            Run run = inPhase8();
            Instant until = run.state.observation().until();
            run.succeed();
            guardReports(run, measured("error-rate-immediate", "0.0000", "ratio"));
            guardReports(run, measured("error-rate-evaluate", "0.0000", "ratio"));
            guardReports(
                    run,
                    new StepProgressed(
                            "latency-p99-evaluate: no data",
                            List.of(new Measurement(
                                    "latency-p99-evaluate", "NaN", "seconds", Measurement.Status.INCONCLUSIVE, T0))));

            run.tick(until);

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
            assertThat(run.state.rollback().reason())
                    .isEqualTo("no guard data in 300 s of observation for latency-p99-evaluate");
            assertThat(run.status(Phase.MONITORING_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state.observation()).isNull();
        }

        @Test
        void anEvaluateBreachDuringTheObservationAwaitsADecisionAndContinueCompletes() {
            Run run = inPhase8();
            Instant until = run.state.observation().until();
            guardReports(run, breach(EVALUATE, ELEVATED));
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.AWAITING_DECISION);
            sampleEveryRule(run, until);
            run.tick(until);
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.AWAITING_DECISION);
            assertThat(run.state.phase()).isEqualTo(Phase.MONITORING_VALIDATION);

            decide(run, DecisionAction.CONTINUE, "a known noisy endpoint");

            assertThat(run.state.phase()).isEqualTo(Phase.POST_DEPLOYMENT_VERIFICATION);
            assertThat(run.state
                            .entry(Phase.MONITORING_VALIDATION)
                            .orElseThrow()
                            .notes())
                    .startsWith("error-rate-immediate: last 0.00%");
            run.step();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        }

        @Test
        void anImmediateBreachDuringTheObservationRollsBackAtOnce() {
            Run run = inPhase8();
            guardReports(run, breach(IMMEDIATE, SUSTAINED));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ERROR_RATE_SUSTAINED);
        }

        @Test
        void aGuardThatCouldNotStartFailsThePhaseWithItsReasonAtOnce() {
            String reason = "environment production cannot be guarded: the validator has no"
                    + " runway.validator.environments.\"production\".prometheus-url";
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            guardReports(run, new StepFailed(reason, List.of()));
            assertThat(guardRows(run)).containsExactly("GUARD_NOTICE: the guard could not watch: " + reason);
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);

            run.advanceTo(Phase.MONITORING_VALIDATION);

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
            assertThat(run.state.rollback().reason()).isEqualTo("the guard could not watch: " + reason);
            assertThat(run.status(Phase.MONITORING_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.sent.stream()
                            .filter(c -> c.phase() == Phase.MONITORING_VALIDATION)
                            .map(Command::body))
                    .noneMatch(RunChecks.class::isInstance);
        }

        @Test
        void aGuardFailingDuringTheObservationFailsThePhaseWithoutWaiting() {
            Run run = inPhase8();
            guardReports(run, new StepFailed("the validator restarted and lost the watch", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
            assertThat(run.state.rollback().reason()).contains("the validator restarted and lost the watch");
        }

        @Test
        void aReleaseWhoseGuardNeverStartedIsUnaffected() {
            Run run = new Run(spec(false, false, false));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.observation()).isNull();
            assertThat(run.state.rollback()).isNull();
            assertThat(run.tick(T0.plus(Duration.ofMinutes(10))).rejection()).contains("ended");
            assertThat(run.state.timeline()).noneMatch(e -> e.stage() instanceof GuardStep);
        }
    }

    static Release withGuards(GuardPolicy guards) {
        return spec(false, false, false).withGuards(guards);
    }

    @Test
    void commandIdsDependOnlyOnReleaseAndStepSoAResentCommandKeepsItsId() {
        Release release = spec(false, false, false);
        UUID first = MACHINE.start(RELEASE, release.spec(), release.targets(), REQUESTER, T0)
                .commands()
                .get(0)
                .commandId();
        UUID second = MACHINE.start(RELEASE, release.spec(), release.targets(), REQUESTER, T0.plusSeconds(5))
                .commands()
                .get(0)
                .commandId();

        assertThat(first).isEqualTo(second);
    }

    @Nested
    class Notices {

        private static final Instant SENT = T0.plusSeconds(1);

        private Command announceCommand(Run run, Announcement announcement) {
            return run.sent.stream()
                    .filter(c -> c.body() instanceof Announce a && a.announcement() == announcement)
                    .findFirst()
                    .orElseThrow();
        }

        private Transition notifierAnswers(Run run, Command announce, Delivery... deliveries) {
            run.now = run.now.plusSeconds(1);
            Announced answer = new Announced(((Announce) announce.body()).announcement(), List.of(deliveries), null);
            return run.record(run.machine.on(
                    run.state,
                    new Input.WorkerReported(
                            Event.of(UUID.randomUUID(), RELEASE, announce.commandId(), run.now, "notifier", answer)),
                    run.now));
        }

        @Test
        void everyAnnouncementSentIsANoticeAwaitingItsOutcome() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);

            assertThat(run.state.notices())
                    .extracting(Notice::announcement, Notice::status)
                    .contains(tuple(Announcement.DEPLOYMENT_STARTED, Notice.Status.SENT));
            assertThat(run.state.notices())
                    .extracting(Notice::commandId)
                    .containsExactlyElementsOf(run.sent.stream()
                            .filter(c -> c.body() instanceof Announce)
                            .map(Command::commandId)
                            .toList());
        }

        @Test
        void anUndeliveredAnnouncementIsShownInItsTimelineRowAndOnTheAuditStream() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Command started = announceCommand(run, Announcement.DEPLOYMENT_STARTED);
            Stage row = run.state.notice(started.commandId()).orElseThrow().stage();

            notifierAnswers(
                    run,
                    started,
                    new Delivery(Delivery.Route.CHAT, "deployments", Delivery.Outcome.UNREACHABLE, 503, 4, SENT));

            String expected = "DEPLOYMENT STARTED not delivered to chat channel 'deployments': 503 after 4 attempts";
            assertThat(run.state.notice(started.commandId()).orElseThrow()).satisfies(n -> {
                assertThat(n.status()).isEqualTo(Notice.Status.NOT_DELIVERED);
                assertThat(n.deliveries())
                        .singleElement()
                        .extracting(Delivery::attempts)
                        .isEqualTo(4);
                assertThat(n.concludedAt()).isEqualTo(run.now);
            });
            assertThat(run.state.entry(row).orElseThrow().notes()).contains(expected);
            assertThat(run.last.changes()).extracting(Change::reason).containsExactly(expected);
            assertThat(run.last.commands()).isEmpty();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
        }

        @Test
        void theCompletionAnnouncementIsRecordedAfterTheReleaseEnded() {
            Run run = new Run(spec(false, false, false));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            Command complete = announceCommand(run, Announcement.DEPLOYMENT_COMPLETE);

            notifierAnswers(
                    run,
                    complete,
                    new Delivery(Delivery.Route.CHAT, "deployments", Delivery.Outcome.DELIVERED, 200, 1, SENT));

            assertThat(run.last.rejection()).isNull();
            assertThat(run.state.notice(complete.commandId()).orElseThrow().status())
                    .isEqualTo(Notice.Status.DELIVERED);
            assertThat(run.state
                            .entry(Phase.DEPLOYMENT_COMPLETION)
                            .orElseThrow()
                            .notes())
                    .contains("DEPLOYMENT COMPLETE delivered to chat channel 'deployments' (200, 1 attempt)");
        }

        @Test
        void aRedeliveredOutcomeChangesNothing() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Command started = announceCommand(run, Announcement.DEPLOYMENT_STARTED);
            Delivery delivered =
                    new Delivery(Delivery.Route.CHAT, "deployments", Delivery.Outcome.DELIVERED, 200, 1, SENT);
            notifierAnswers(run, started, delivered);
            ReleaseState once = run.state;

            Transition again = notifierAnswers(run, started, delivered);

            assertThat(again.rejection()).contains("already answered");
            assertThat(run.state).isEqualTo(once);
        }
    }
}
