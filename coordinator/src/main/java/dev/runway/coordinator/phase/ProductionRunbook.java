package dev.runway.coordinator.phase;

import static dev.runway.model.Phase.APPLICATION_DEPLOYMENT;
import static dev.runway.model.Phase.CACHE_INVALIDATION;
import static dev.runway.model.Phase.CONFIGURATION_UPDATE;
import static dev.runway.model.Phase.DATABASE_MIGRATION;
import static dev.runway.model.Phase.DEPLOYMENT_COMPLETION;
import static dev.runway.model.Phase.DEPLOYMENT_START;
import static dev.runway.model.Phase.GO_NO_GO;
import static dev.runway.model.Phase.MONITORING_VALIDATION;
import static dev.runway.model.Phase.POST_DEPLOYMENT_VERIFICATION;
import static dev.runway.model.Phase.PRE_FLIGHT_CHECKS;
import static dev.runway.model.Phase.SERVICE_VALIDATION;
import static dev.runway.model.Phase.SMOKE_TESTING;

import dev.runway.model.Phase;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.command.Rehearsal;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RollbackFacts;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.RunChecks.Series;
import dev.runway.model.command.RunChecks.Smoke;
import dev.runway.model.command.StartMigration;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.LatencyThresholds;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The production deployment runbook: pre-flight checks, GO/NO-GO, Phases 1 to 10, and Rollback Steps R2 to R4. Each
 * phase is declared once, in {@link #define}; see docs/decisions/0004-adding-a-phase.md.
 */
public final class ProductionRunbook implements Runbook {

    /** Where no worker reports at all within this margin past its own timeout, the step has failed. */
    static final Duration WORKER_GRACE = Duration.ofSeconds(60);

    /**
     * What the database's steps do besides migrating, each bounded by the migrator's own timeouts: Phase 2's backup
     * (pg_dump, upload, an RDS snapshot) and the rehearsal's restore of it; R3's fetch and restore of the dump.
     */
    static final Duration DATABASE_PREPARATION = Duration.ofMinutes(10);

    static final Duration CHECK_DEADLINE = Duration.ofMinutes(2);
    static final Duration CACHE_DEADLINE = Duration.ofMinutes(5);

    /** Appendix B, top to bottom. */
    private static final List<Phase> ORDER = List.of(
            PRE_FLIGHT_CHECKS,
            GO_NO_GO,
            DEPLOYMENT_START,
            DATABASE_MIGRATION,
            APPLICATION_DEPLOYMENT,
            CONFIGURATION_UPDATE,
            SERVICE_VALIDATION,
            CACHE_INVALIDATION,
            SMOKE_TESTING,
            MONITORING_VALIDATION,
            POST_DEPLOYMENT_VERIFICATION,
            DEPLOYMENT_COMPLETION);

    /**
     * The runbook's order: R2 application, then its configuration, then R3 database, then the caches, last so that
     * what the rolled-back version caches is read from what it will keep running on.
     */
    private static final List<RollbackStep> UNDO_ORDER = List.of(
            RollbackStep.ROLL_BACK_APPLICATION,
            RollbackStep.RESTORE_CONFIGURATION,
            RollbackStep.ROLL_BACK_DATABASE,
            RollbackStep.FLUSH_CACHES);

    /** Phase 8's "5 minutes": how long the guards watch before Monitoring Validation may pass. */
    public static final Duration MONITORING_OBSERVATION = Duration.ofMinutes(5);

    private final List<PhaseDefinition> phases;

    public ProductionRunbook() {
        this(MONITORING_OBSERVATION, VotingPolicy.RUNBOOK);
    }

    /**
     * @param monitoringObservation Phase 8's observation period where the release's spec names none
     * @param voting                whose GO the GO/NO-GO phase waits for, and how long
     */
    public ProductionRunbook(Duration monitoringObservation, VotingPolicy voting) {
        phases = ORDER.stream()
                .map(p -> define(p, monitoringObservation, voting))
                .toList();
    }

    @Override
    public List<PhaseDefinition> phases() {
        return phases;
    }

    private static PhaseDefinition define(Phase phase, Duration monitoringObservation, VotingPolicy voting) {
        return switch (phase) {
            // with no expected version, the version check reads the one running now: the rollback target
            case PRE_FLIGHT_CHECKS ->
                PhaseDefinition.of(phase, c -> Action.await(preFlight(c), CHECK_DEADLINE))
                        .onSuccess(Facts::withReportedVersionAsPrevious);
            case GO_NO_GO -> PhaseDefinition.of(phase, c -> goNoGo(c.spec(), voting));
            case DEPLOYMENT_START ->
                PhaseDefinition.of(
                        phase,
                        c -> Action.await(checks(c, healthChecks(), null, 100), CHECK_DEADLINE)
                                .announcing(
                                        Announcement.DEPLOYMENT_STARTED,
                                        Map.of(Announce.Facts.REQUESTED_BY, c.requestedBy())));
            case DATABASE_MIGRATION ->
                PhaseDefinition.of(
                                phase,
                                c -> Action.await(
                                        new StartMigration(
                                                c.targets().database(),
                                                restorePoint(c),
                                                c.spec().migrations(),
                                                thresholds(c).migrationTimeoutSeconds(),
                                                c.spec().verification(),
                                                c.facts()
                                                        .rehearsalSkippedBy()
                                                        .map(Rehearsal::skippedWithConsentOf)
                                                        .orElse(null)),
                                        migrationDeadline(c)))
                        .skippedUnless(c -> c.spec().hasMigrations(), "no database schema changes in this release")
                        .undoneBy(RollbackStep.ROLL_BACK_DATABASE);
            case APPLICATION_DEPLOYMENT ->
                PhaseDefinition.of(
                                phase,
                                c -> Action.await(
                                        new RollOutDeployment(
                                                c.targets().kubernetes(),
                                                c.spec().image().in(c.targets().imageRepository()),
                                                thresholds(c).rolloutTimeoutSeconds()),
                                        rolloutDeadline(c)))
                        .statesRollbackPointBeforeChanging()
                        .undoneBy(RollbackStep.ROLL_BACK_APPLICATION)
                        .guardedFromHere();
            case CONFIGURATION_UPDATE ->
                PhaseDefinition.of(
                                phase,
                                c -> Action.await(
                                        new ApplyConfiguration(
                                                c.targets().kubernetes(),
                                                c.targets().configMap(),
                                                c.spec().configuration().data(),
                                                c.spec().configuration().restartRequired(),
                                                thresholds(c).rolloutTimeoutSeconds()),
                                        rolloutDeadline(c)))
                        .skippedUnless(c -> c.spec().hasConfigurationChange(), "no configuration changes")
                        .undoneBy(RollbackStep.RESTORE_CONFIGURATION);
            case SERVICE_VALIDATION ->
                PhaseDefinition.of(phase, c -> Action.await(serviceValidation(c), CHECK_DEADLINE));
            case POST_DEPLOYMENT_VERIFICATION ->
                PhaseDefinition.of(phase, c -> Action.await(postDeploymentVerification(c), CHECK_DEADLINE));
            case CACHE_INVALIDATION ->
                PhaseDefinition.of(phase, c -> Action.await(invalidateCaches(c), CACHE_DEADLINE))
                        .skippedUnless(c -> c.targets().hasCaches(), "no cache targets")
                        .undoneBy(RollbackStep.FLUSH_CACHES);
            case SMOKE_TESTING -> PhaseDefinition.of(phase, c -> Action.await(smokeTesting(c), CHECK_DEADLINE));
            // the checks answer at once; the phase lasts the observation, so its deadline must outlast it
            case MONITORING_VALIDATION ->
                PhaseDefinition.of(
                                phase,
                                c -> Action.await(
                                        monitoringValidation(c),
                                        observation(c, monitoringObservation).plus(CHECK_DEADLINE)))
                        .observingGuards(c -> new GuardObservation(
                                observation(c, monitoringObservation), "/metrics answered in Prometheus format"));
            case DEPLOYMENT_COMPLETION -> PhaseDefinition.of(phase, ProductionRunbook::complete);
        };
    }

    @Override
    public List<RollbackStep> rollbackPlan(Set<RollbackStep> undo) {
        if (!UNDO_ORDER.containsAll(undo)) {
            throw new IllegalArgumentException("this runbook has no place for rollback steps " + undo);
        }
        List<RollbackStep> plan =
                new ArrayList<>(UNDO_ORDER.stream().filter(undo::contains).toList());
        plan.add(RollbackStep.VERIFY_ROLLBACK);
        return plan;
    }

    @Override
    public Action.Await undo(RollbackStep step, Context c) {
        return switch (step) {
            case ROLL_BACK_APPLICATION ->
                new Action.Await(
                        new RollBackDeployment(
                                c.targets().kubernetes(),
                                rollbackPoint(c)
                                        .orElseThrow(() -> new IllegalStateException(
                                                "the application was not changed, so there is nothing to roll back"))
                                        .toRevision(),
                                thresholds(c).rolloutTimeoutSeconds(),
                                c.unanswered(APPLICATION_DEPLOYMENT).orElse(null)),
                        rolloutDeadline(c));
            case RESTORE_CONFIGURATION ->
                new Action.Await(
                        new RestoreConfiguration(
                                c.targets().kubernetes(),
                                c.targets().configMap(),
                                thresholds(c).rolloutTimeoutSeconds(),
                                c.unanswered(CONFIGURATION_UPDATE).orElse(null)),
                        rolloutDeadline(c));
            // the restore point is this release's own: if the migration never ran, the migrator finds none and
            // changes nothing, so the same command undoes a migration given up on. How it is rolled back is the
            // migrator's choice, from what it is told here
            case ROLL_BACK_DATABASE ->
                new Action.Await(
                        new RollBackMigration(c.targets().database(), restorePoint(c), rollbackFacts(c)),
                        Duration.ofSeconds(thresholds(c).migrationTimeoutSeconds())
                                .plus(DATABASE_PREPARATION)
                                .plus(WORKER_GRACE));
            case FLUSH_CACHES -> new Action.Await(invalidateCaches(c), CACHE_DEADLINE);
            case VERIFY_ROLLBACK -> {
                Optional<String> expected =
                        c.changed(APPLICATION_DEPLOYMENT) ? c.facts().previousVersion() : Optional.empty();
                List<Check> checks = expected.isPresent() ? withVersion(healthChecks()) : healthChecks();
                yield new Action.Await(checks(c, checks, expected.orElse(null), 100), CHECK_DEADLINE);
            }
            case DECLARE_ROLLBACK, ANNOUNCE_ROLLBACK_COMPLETE ->
                throw new IllegalStateException(step + " is never planned as a step with a command");
        };
    }

    /**
     * Empty when the rollout changed nothing: it states the revision it replaces before it changes anything, so
     * without that statement, without success and without having been given up on there is nothing to return to.
     */
    static Optional<RollbackPoint> rollbackPoint(Context c) {
        Optional<RollbackPoint> stated = c.facts().previousRevision().map(RollbackPoint.Stated::new);
        if (stated.isPresent()) {
            return stated;
        }
        if (c.succeeded(APPLICATION_DEPLOYMENT)) {
            return Optional.of(new RollbackPoint.BeforeCurrent());
        }
        return c.unanswered(APPLICATION_DEPLOYMENT).map(RollbackPoint.BeforeUnansweredRollout::new);
    }

    /** Phase 6 and its repetition in a rollback: the same caches, each a command of its own id. */
    private static InvalidateCaches invalidateCaches(Context c) {
        return new InvalidateCaches(c.targets().caches());
    }

    /** The runbook's T-15m vote: the DBA's GO carries the hash of the migrations it approves. */
    private static Action goNoGo(ReleaseSpec spec, VotingPolicy voting) {
        String migrationsHash = spec.hasMigrations() ? MigrationsHash.of(spec.migrations()) : null;
        return Action.vote(new Poll(voting.requiredFor(spec), voting.window(), migrationsHash));
    }

    private static Action complete(Context c) {
        String duration = Elapsed.of(Duration.between(c.startedAt(), c.now()));
        Map<String, String> announced = new HashMap<>();
        announced.put(Announce.Facts.DURATION, duration);
        notes(c, SMOKE_TESTING).ifPresent(n -> announced.put(Announce.Facts.SMOKE_TESTS, n));
        notes(c, APPLICATION_DEPLOYMENT).ifPresent(n -> announced.put(Announce.Facts.ROLLOUT, n));
        notes(c, MONITORING_VALIDATION).ifPresent(n -> announced.put(Announce.Facts.MONITORING, n));
        Optional<Hypercare> hypercare = c.hypercare();
        hypercare.ifPresent(h -> {
            announced.put(Announce.Facts.HYPERCARE, h.describe());
            announced.put(Announce.Facts.HYPERCARE_UNTIL, h.until().toString());
        });
        String notes = "Deployment complete in " + duration + "; code freeze lifted"
                + hypercare.map(h -> "; hypercare: " + h.describe()).orElse("");
        return Action.succeed(notes, "deployment complete in " + duration)
                .announcing(Announcement.DEPLOYMENT_COMPLETE, announced);
    }

    private static Optional<String> notes(Context c, Phase phase) {
        return c.entry(phase).map(TimelineEntry::notes);
    }

    /** The runbook's health endpoints; all must answer 200. */
    static List<Check> healthChecks() {
        return List.of(
                Check.status("health", "/health"), Check.status("ready", "/ready"), Check.status("live", "/live"));
    }

    private static List<Check> withVersion(List<Check> checks) {
        List<Check> all = new ArrayList<>(checks);
        all.add(new Check("version", CheckKind.VERSION_REPORTED, "/health", 200, null));
        return all;
    }

    /**
     * Phase 5: the health endpoints and the deployed version; Step 5.1, the Service's ready endpoints against the
     * Deployment's ready replicas; Step 5.2, the load balancer's targets where a target group is configured; then
     * Steps 5.3 and 5.4 on the public URL where one is configured: its certificate, the HTTP to HTTPS redirect and
     * HSTS. What is not configured the command says was not checked, so the phase's row says it too.
     */
    static RunChecks serviceValidation(Context c) {
        List<Check> checks = new ArrayList<>(withVersion(healthChecks()));
        List<String> notChecked = new ArrayList<>();
        KubernetesTarget k8s = c.targets().kubernetes();
        ReleaseTargets.Routing routing = c.targets().routingOrDefault();
        checks.add(Check.serviceEndpoints("service-endpoints", k8s.namespace(), routing.service(), k8s.deployment()));
        routing.targetGroupArnIfAny()
                .ifPresentOrElse(
                        arn -> checks.add(Check.targetHealth("target-health", arn)),
                        () -> notChecked.add("load-balancer target health not checked: no target-group-arn configured"
                                + " for " + c.spec().application() + " in "
                                + c.spec().environment()));
        Optional<ReleaseTargets.PublicEndpoint> endpoint = c.targets().publicEndpointIfAny();
        endpoint.ifPresent(e -> {
            checks.add(Check.tlsCertificate("tls-certificate", e.httpsUrl(), e.tlsMinValidDays()));
            checks.add(Check.httpsRedirect("https-redirect", e.httpUrl()));
            checks.add(Check.hsts("hsts", e.httpsUrl(), e.hstsMinMaxAgeSeconds()));
        });
        if (endpoint.isEmpty()) {
            notChecked.add("TLS certificate, HTTPS redirect and HSTS not checked: no public-url configured for "
                    + c.spec().application() + " in " + c.spec().environment());
        }
        return new RunChecks(
                c.targets().serviceUrl(),
                checks,
                c.spec().version(),
                100,
                thresholds(c).maxResponseTimeMillis(),
                c.spec().environment(),
                notChecked);
    }

    /**
     * Phase 7: each of the spec's smoke checks (Step 7.1), gated at its pass rate, then a latency series (Step 7.3) for
     * each that asks for one. A plain GET stays an {@link CheckKind#HTTP_STATUS} check, as before the smoke suite; the
     * command names the environment, whose credentials the validator holds. Without a series the command says the
     * response times were not measured as a series, so the phase's row does not claim Step 7.3.
     */
    static RunChecks smokeTesting(Context c) {
        Thresholds thresholds = thresholds(c);
        LatencyThresholds latency = thresholds.latencyOrDefaults();
        List<Check> checks = new ArrayList<>();
        List<Check> series = new ArrayList<>();
        for (SmokeCheck s : c.spec().smokeChecks()) {
            Smoke request =
                    new Smoke(s.method(), s.headers(), s.body(), s.credential(), s.jsonPath(), s.jsonEquals(), null);
            checks.add(
                    s.isPlainGet()
                            ? new Check(s.name(), CheckKind.HTTP_STATUS, s.path(), s.expectedStatus(), s.bodyContains())
                            : Check.smokeRequest(s.name(), s.path(), s.expectedStatus(), s.bodyContains(), request));
            if (s.latency() != null) {
                int requests = s.latency().requests() != null ? s.latency().requests() : latency.requests();
                Series limits = new Series(
                        requests, latency.minMillis(), latency.avgMillis(), latency.p95Millis(), latency.p99Millis());
                series.add(Check.latencySeries(
                        s.name() + " latency",
                        s.path(),
                        s.expectedStatus(),
                        new Smoke(s.method(), s.headers(), null, s.credential(), null, null, limits)));
            }
        }
        checks.addAll(series);
        List<String> notChecked = series.isEmpty()
                ? List.of("response-time series (Step 7.3) not measured: no smoke check asks for a latency series")
                : List.of();
        return new RunChecks(
                c.targets().serviceUrl(),
                checks,
                null,
                thresholds.smokePassRatePercent(),
                thresholds.maxResponseTimeMillis(),
                c.spec().environment(),
                notChecked);
    }

    /**
     * Pre-flight, the runbook's T-24h environment health: the health endpoints and the version running now (the rollback
     * target), every node Ready and no pod of the release's namespace outside Running/Succeeded; through the environment's
     * Prometheus the error budget left and the CPU and memory per pod that Phase 9 compares with; then the database's
     * health and open PagerDuty incidents. What is not configured is named as not checked.
     */
    static RunChecks preFlight(Context c) {
        List<Check> checks = new ArrayList<>(withVersion(healthChecks()));
        checks.add(Check.nodesReady("nodes-ready"));
        checks.add(Check.podsRunning("pods-running", c.targets().kubernetes().namespace()));
        List<String> notChecked = new ArrayList<>();
        c.targets()
                .monitoringIfAny()
                .ifPresentOrElse(
                        m -> {
                            if (m.errorBudget()) {
                                checks.add(Check.errorBudget(
                                        "error-budget",
                                        c.targets().kubernetes(),
                                        m.objectivePercent(),
                                        m.errorBudgetWindowSeconds(),
                                        m.errorBudgetMinPercent()));
                            } else {
                                notChecked.add("error budget not checked: error-budget off for " + where(c));
                            }
                            if (m.resources()) {
                                checks.add(Check.baseline(
                                        "cpu-baseline",
                                        CheckKind.CPU_USAGE,
                                        c.targets().kubernetes(),
                                        m.resourceWindowSeconds()));
                                checks.add(Check.baseline(
                                        "memory-baseline",
                                        CheckKind.MEMORY_USAGE,
                                        c.targets().kubernetes(),
                                        m.resourceWindowSeconds()));
                            } else {
                                notChecked.add("CPU and memory baseline not measured: resources off for " + where(c));
                            }
                        },
                        () -> notChecked.add(
                                "error budget and CPU and memory baseline not checked: " + noMonitoring(c)));
        return inEnvironment(c, checks, null, notChecked, DependencyChecks.preFlight(c));
    }

    /**
     * Phase 8: /metrics in Prometheus format (Step 8.1), then through the environment's Prometheus the SLOs of Step 8.4
     * over the SLO window and the alert rules of Step 8.3 loaded.
     */
    static RunChecks monitoringValidation(Context c) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("metrics", CheckKind.PROMETHEUS_METRICS, "/metrics", 200, null));
        List<String> notChecked = new ArrayList<>();
        c.targets()
                .monitoringIfAny()
                .ifPresentOrElse(
                        m -> {
                            long window = m.sloWindowSeconds();
                            var target = c.targets().kubernetes();
                            checks.add(Check.slo(
                                    "availability",
                                    CheckKind.SLO_AVAILABILITY,
                                    target,
                                    window,
                                    m.availabilityMinPercent()));
                            checks.add(Check.slo(
                                    "error-rate", CheckKind.SLO_ERROR_RATE, target, window, m.errorRateMaxPercent()));
                            checks.add(Check.slo(
                                    "latency-p95", CheckKind.SLO_LATENCY_P95, target, window, m.latencyP95MaxMillis()));
                            checks.add(Check.slo(
                                    "latency-p99", CheckKind.SLO_LATENCY_P99, target, window, m.latencyP99MaxMillis()));
                            if (m.alertRules().isEmpty()) {
                                notChecked.add("alert rules not checked: none named for " + where(c));
                            } else {
                                checks.add(Check.alertRules("alert-rules", m.alertRules()));
                            }
                        },
                        () -> notChecked.add("availability, error rate, latency p95 and p99 against the SLOs and alert"
                                + " rules not checked: " + noMonitoring(c)));
        return inEnvironment(c, checks, null, notChecked, DependencyChecks.monitoring(c));
    }

    /**
     * Phase 9: the health endpoints and the deployed version, no restart of the release's pods (Step 3.5's 0), the new
     * pods' CPU and memory against pre-flight's baseline (Step 9.1) where it was measured, then Step 9.2's database
     * checks against pre-flight's.
     */
    static RunChecks postDeploymentVerification(Context c) {
        List<Check> checks = new ArrayList<>(withVersion(healthChecks()));
        KubernetesTarget k8s = c.targets().kubernetes();
        checks.add(Check.podRestarts("pod-restarts", k8s.namespace(), k8s.deployment()));
        List<String> notChecked = new ArrayList<>();
        Optional<ReleaseTargets.Monitoring> monitoring = c.targets().monitoringIfAny();
        Optional<ResourceBaseline> baseline = c.facts().resourceBaseline();
        if (monitoring.isEmpty()) {
            notChecked.add("CPU and memory against the pre-flight baseline not checked: " + noMonitoring(c));
        } else if (!monitoring.get().resources()) {
            notChecked.add("CPU and memory against the pre-flight baseline not checked: resources off for " + where(c));
        } else if (baseline.isEmpty()) {
            notChecked.add("CPU and memory against the pre-flight baseline not checked: pre-flight measured none");
        } else {
            ReleaseTargets.Monitoring m = monitoring.get();
            checks.add(Check.withinBaseline(
                    "cpu",
                    CheckKind.CPU_USAGE,
                    k8s,
                    m.resourceWindowSeconds(),
                    baseline.get().cpu(),
                    m.cpuTolerancePercent()));
            checks.add(Check.withinBaseline(
                    "memory",
                    CheckKind.MEMORY_USAGE,
                    k8s,
                    m.resourceWindowSeconds(),
                    baseline.get().memory(),
                    m.memoryTolerancePercent()));
        }
        c.targets()
                .integrationsIfAny()
                .ifPresentOrElse(
                        integrations -> integrations
                                .names()
                                .forEach(name -> checks.add(Check.integrationHealth(
                                        "integration " + name, integrations.pathOf(name), integrations.credential()))),
                        () -> notChecked.add("external integrations not checked: none named for " + where(c)));
        return inEnvironment(c, checks, c.spec().version(), notChecked, DependencyChecks.postDeployment(c));
    }

    private static String where(Context c) {
        return c.spec().application() + " in " + c.spec().environment();
    }

    private static String noMonitoring(Context c) {
        return "no Prometheus monitoring configured for " + where(c);
    }

    /**
     * Checks that read the environment (its cluster, its Prometheus, its database): the validator picks its access by
     * the environment's name. The database's and PagerDuty's planned checks come last.
     */
    private static RunChecks inEnvironment(
            Context c,
            List<Check> checks,
            String expectedVersion,
            List<String> notChecked,
            DependencyChecks.Planned dependencies) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(dependencies.checks());
        List<String> notAll = new ArrayList<>(notChecked);
        notAll.addAll(dependencies.notChecked());
        return new RunChecks(
                c.targets().serviceUrl(),
                all,
                expectedVersion,
                100,
                thresholds(c).maxResponseTimeMillis(),
                c.spec().environment(),
                notAll);
    }

    private static RunChecks checks(Context c, List<Check> checks, String expectedVersion, int passRatePercent) {
        return new RunChecks(
                c.targets().serviceUrl(),
                checks,
                expectedVersion,
                passRatePercent,
                thresholds(c).maxResponseTimeMillis());
    }

    private static Duration observation(Context c, Duration byDefault) {
        return Optional.ofNullable(c.spec().guards())
                .map(GuardPolicy::observationSeconds)
                .map(Duration::ofSeconds)
                .orElse(byDefault);
    }

    private static Thresholds thresholds(Context c) {
        return c.spec().thresholdsOrDefaults();
    }

    private static Duration rolloutDeadline(Context c) {
        return Duration.ofSeconds(thresholds(c).rolloutTimeoutSeconds()).plus(WORKER_GRACE);
    }

    /** The backup, the rehearsal's restore, its migrations and their rollback, then production's migrations. */
    private static Duration migrationDeadline(Context c) {
        return Duration.ofSeconds(thresholds(c).migrationTimeoutSeconds())
                .multipliedBy(2)
                .plus(DATABASE_PREPARATION)
                .plus(WORKER_GRACE);
    }

    private static RollbackFacts rollbackFacts(Context c) {
        Optional<Facts.DatabaseBackup> backup = c.facts().databaseBackup();
        return new RollbackFacts(
                backup.flatMap(Facts.DatabaseBackup::location).orElse(null),
                backup.flatMap(Facts.DatabaseBackup::sha256).orElse(null),
                backup.flatMap(Facts.DatabaseBackup::rdsSnapshotId).orElse(null),
                c.entry(DATABASE_MIGRATION).map(TimelineEntry::startedAt).orElse(null),
                c.spec().hasMigrations() && c.spec().migrations().stream().allMatch(Migration::expandOnly));
    }

    private static String restorePoint(Context c) {
        return "runway-" + c.releaseId();
    }
}
