package dev.runway.validator;

import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.monitoring.MonitoringChecks;
import dev.runway.validator.monitoring.MonitoringProbe;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the checks of one {@link RunChecks} (runbook Steps 1.3, 3.6, Phases 5, 7, 8, 9), has the
 * {@link Assessor} judge them, and reports started, then exactly one verdict. The validator only
 * reports a breach; the coordinator decides on rollback.
 */
@ApplicationScoped
public class ValidationCommandHandler implements CommandHandler {

    private final Probe probe;
    private final TlsProbe tls;
    private final MonitoringProbe monitoring;
    private final Clock clock;

    public ValidationCommandHandler(Probe probe, TlsProbe tls, MonitoringProbe monitoring, Clock clock) {
        this.probe = probe;
        this.tls = tls;
        this.monitoring = monitoring;
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof RunChecks run) {
            reporter.report(new StepStarted("running " + run.checks().size() + " check(s) against " + run.baseUrl()));
            List<CheckResult> results = measure(run);
            reporter.report(conclusion(
                    Assessor.assess(run, results, clock.instant()), MonitoringChecks.baselineOutputs(results)));
        } else {
            reporter.report(new StepFailed(
                    "the validator does not carry out "
                            + command.body().getClass().getSimpleName(),
                    List.of()));
        }
    }

    private List<CheckResult> measure(RunChecks run) {
        return run.checks().stream().map(check -> measure(run, check)).toList();
    }

    private CheckResult measure(RunChecks run, Check check) {
        return switch (check.kind()) {
            case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS ->
                Checks.judge(check, probe.get(url(run.baseUrl(), check), run.environment()), run.expectedVersion());
            case HTTPS_REDIRECT, HSTS ->
                Checks.judge(check, probe.get(check.url(), run.environment()), run.expectedVersion());
            case TLS_CERTIFICATE ->
                Checks.judgeCertificate(check, tls.handshake(check.url(), run.environment()), clock.instant());
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

    private static String url(String baseUrl, Check check) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (check.path().startsWith("/") ? check.path() : "/" + check.path());
    }

    /** @param baseline pre-flight's CPU and memory, which only a passed verdict carries on to Phase 9 */
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
