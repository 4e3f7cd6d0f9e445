package dev.runway.validator;

import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.database.DatabaseChecks;
import dev.runway.validator.database.DatabaseHealth;
import dev.runway.validator.database.DatabaseSnapshot;
import dev.runway.validator.monitoring.MonitoringChecks;
import dev.runway.validator.monitoring.MonitoringProbe;
import dev.runway.validator.pagerduty.AlertChecks;
import dev.runway.validator.pagerduty.AlertDelivery;
import dev.runway.validator.pagerduty.IncidentChecks;
import dev.runway.validator.pagerduty.IncidentSource;
import dev.runway.validator.pagerduty.TestAlerts;
import dev.runway.validator.smoke.SmokeCredentials;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the checks of one {@link RunChecks} (runbook Steps 1.3, 3.6, Phases 5, 7, 8, 9), has the
 * {@link Assessor} judge them, and reports started, then exactly one verdict. The validator only
 * reports a breach; the coordinator decides on rollback.
 */
@ApplicationScoped
public class ValidationCommandHandler implements CommandHandler {

    private final Probe probe;
    private final TlsProbe tls;
    private final SmokeCredentials credentials;
    private final DatabaseHealth databases;
    private final IncidentSource incidents;
    private final TestAlerts alerts;
    private final ClusterProbe cluster;
    private final MonitoringProbe monitoring;
    private final long integrationMaxLatencyMillis;
    private final Duration maxAlertDelivery;
    private final Clock clock;

    public ValidationCommandHandler(
            Probe probe,
            TlsProbe tls,
            SmokeCredentials credentials,
            DatabaseHealth databases,
            IncidentSource incidents,
            TestAlerts alerts,
            ClusterProbe cluster,
            MonitoringProbe monitoring,
            ValidatorConfig config,
            Clock clock) {
        this.probe = probe;
        this.tls = tls;
        this.credentials = credentials;
        this.databases = databases;
        this.incidents = incidents;
        this.alerts = alerts;
        this.cluster = cluster;
        this.monitoring = monitoring;
        this.integrationMaxLatencyMillis = config.integrationMaxLatency().toMillis();
        this.maxAlertDelivery = config.pagerduty().maxAlertDelivery();
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof RunChecks run) {
            reporter.report(new StepStarted("running " + run.checks().size() + " check(s) against " + run.baseUrl()));
            Map<String, DatabaseSnapshot> snapshots = new HashMap<>();
            List<CheckResult> results = run.checks().stream()
                    .map(check -> measure(command, run, check, snapshots, reporter))
                    .toList();
            Map<String, String> baselines = new HashMap<>(baseline(run, snapshots));
            baselines.putAll(MonitoringChecks.baselineOutputs(results));
            reporter.report(conclusion(Assessor.assess(run, results, clock.instant()), baselines));
        } else {
            reporter.report(new StepFailed(
                    "the validator does not carry out "
                            + command.body().getClass().getSimpleName(),
                    List.of()));
        }
    }

    /** Each database is looked at once per command; its checks are judged from that one look. */
    private CheckResult measure(
            Command command,
            RunChecks run,
            Check check,
            Map<String, DatabaseSnapshot> snapshots,
            StepReporter reporter) {
        return switch (check.kind()) {
            case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS ->
                Checks.judge(check, probe.get(url(run.baseUrl(), check), run.environment()), run.expectedVersion());
            case HTTPS_REDIRECT, HSTS ->
                Checks.judge(check, probe.get(check.url(), run.environment()), run.expectedVersion());
            case TLS_CERTIFICATE ->
                Checks.judgeCertificate(check, tls.handshake(check.url(), run.environment()), clock.instant());
            case SMOKE_REQUEST, LATENCY_SERIES, INTEGRATION_HEALTH -> smoke(run, check);
            case DATABASE_REACHABLE, DATABASE_CONNECTIONS, DATABASE_SLOW_QUERIES, DATABASE_SIZE ->
                DatabaseChecks.judge(
                        check,
                        snapshots.computeIfAbsent(
                                check.dependency().database(),
                                database -> databases.measure(
                                        database, DatabaseChecks.slowestListed(run.checks(), database))));
            case OPEN_INCIDENTS ->
                IncidentChecks.judge(check, incidents.open(check.dependency().pagerDutyServiceId()));
            case ALERT_DELIVERY -> AlertChecks.judge(check, testAlert(command, check, reporter), maxAlertDelivery);
            case NODES_READY, PODS_RUNNING, SERVICE_ENDPOINTS, TARGET_HEALTH, POD_RESTARTS ->
                cluster.measure(check, run.environment());
            case SLO_AVAILABILITY,
                    SLO_ERROR_RATE,
                    SLO_LATENCY_P95,
                    SLO_LATENCY_P99,
                    ALERT_RULES_LOADED,
                    ERROR_BUDGET,
                    CPU_USAGE,
                    MEMORY_USAGE -> monitoring.measure(check, run.environment(), clock.instant());
        };
    }

    /**
     * Sent once per command: a validator restarted after the alert was resolved reads what it saw from its checkpoint
     * instead of paging again. The dedup key folds a trigger repeated before the resolve into the same incident.
     */
    private AlertDelivery testAlert(Command command, Check check, StepReporter reporter) {
        String part = "test-alert:" + check.name();
        Optional<AlertDelivery> earlier = reporter.checkpointed(part).flatMap(ValidationCommandHandler::delivery);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        AlertDelivery delivery = alerts.send(
                check.dependency().pagerDutyServiceId(),
                "runway-test-alert-" + command.commandId(),
                "Runway deployment test alert (runbook Step 8.3) for release " + command.releaseId()
                        + "; resolved by Runway, no action needed");
        reporter.checkpoint(part, RunwayJson.wire().valueToTree(delivery).toString());
        return delivery;
    }

    private static Optional<AlertDelivery> delivery(String recorded) {
        try {
            return Optional.of(RunwayJson.wire().readValue(recorded, AlertDelivery.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Phase 7's requests and Step 9.3's integration health URLs, with the credential the check names added. A
     * credential that is not configured fails the check without a request; its value is scrubbed from everything the
     * result reports, should the application echo it.
     */
    private CheckResult smoke(RunChecks run, Check check) {
        Map<String, String> headers = new LinkedHashMap<>(check.smoke().headers());
        String credentialName = check.smoke().credential();
        Optional<SmokeCredentials.Credential> credential = Optional.empty();
        if (credentialName != null) {
            credential = credentials.find(run.environment(), credentialName);
            if (credential.isEmpty()) {
                return credentialNotConfigured(run, check);
            }
            headers.put(credential.get().header(), credential.get().value());
        }
        ProbeRequest request = new ProbeRequest(
                check.smoke().methodOrGet(),
                url(run.baseUrl(), check),
                headers,
                check.smoke().body());
        CheckResult result;
        if (check.kind() == CheckKind.LATENCY_SERIES) {
            result = Checks.judgeSeries(
                    check, series(request, check.smoke().series().requests(), run.environment()));
        } else if (check.kind() == CheckKind.INTEGRATION_HEALTH) {
            result =
                    Checks.judgeIntegration(check, probe.send(request, run.environment()), integrationMaxLatencyMillis);
        } else {
            result = Checks.judge(check, probe.send(request, run.environment()), run.expectedVersion());
        }
        return credential
                .map(c -> result.without(c.value(), "[credential " + credentialName + "]"))
                .orElse(result);
    }

    /** Stops at the first request without an answer: the series has failed, and the rest would each wait as long. */
    private List<ProbeResponse> series(ProbeRequest request, int requests, String environment) {
        List<ProbeResponse> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ProbeResponse response = probe.send(request, environment);
            responses.add(response);
            if (!response.answered()) {
                break;
            }
        }
        return responses;
    }

    private static CheckResult credentialNotConfigured(RunChecks run, Check check) {
        String name = check.smoke().credential();
        String explanation = check.name() + ": credential " + name + " is not configured"
                + (run.environment() == null
                        ? " (the command names no environment)"
                        : " for environment " + run.environment() + " ("
                                + SmokeCredentials.property(run.environment(), name) + ")")
                + "; no request sent";
        return new CheckResult(
                check,
                null,
                false,
                null,
                explanation,
                new CheckResult.Reading("credential", "not configured", "", "configured", explanation, true));
    }

    /**
     * Pre-flight's look at the database, for Phase 9 to compare with: the database's connections and when they were
     * counted, from a connections check against {@code max_connections}.
     */
    private static Map<String, String> baseline(RunChecks run, Map<String, DatabaseSnapshot> snapshots) {
        return run.checks().stream()
                .filter(c -> c.kind() == CheckKind.DATABASE_CONNECTIONS
                        && c.dependency().maxConnectionsPercent() != null)
                .map(c -> snapshots.get(c.dependency().database()))
                .filter(s -> s != null && s.state() != null)
                .findFirst()
                .map(s -> Map.of(
                        StepSucceeded.Outputs.DATABASE_CONNECTIONS,
                        Integer.toString(s.state().databaseConnections()),
                        StepSucceeded.Outputs.DATABASE_MEASURED_AT,
                        s.state().serverTime().toString()))
                .orElse(Map.of());
    }

    private static String url(String baseUrl, Check check) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (check.path().startsWith("/") ? check.path() : "/" + check.path());
    }

    /** @param baseline pre-flight's database connections, CPU and memory, which only a passed verdict carries on to Phase 9 */
    private static EventBody conclusion(Verdict verdict, Map<String, String> baseline) {
        if (verdict instanceof Verdict.Passed passed) {
            Map<String, String> outputs = new HashMap<>(baseline);
            outputs.put(StepSucceeded.Outputs.PASSED, Integer.toString(passed.passed()));
            outputs.put(StepSucceeded.Outputs.TOTAL, Integer.toString(passed.total()));
            if (passed.reportedVersion() != null) {
                outputs.put(StepSucceeded.Outputs.REPORTED_VERSION, passed.reportedVersion());
            }
            return new StepSucceeded(passed.summary(), passed.measurements(), outputs);
        }
        Verdict.Breached breached = (Verdict.Breached) verdict;
        return new ThresholdBreached(breached.trigger(), breached.reason(), breached.measurements());
    }
}
