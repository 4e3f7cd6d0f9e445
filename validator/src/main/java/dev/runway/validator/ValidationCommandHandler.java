package dev.runway.validator;

import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.smoke.SmokeCredentials;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
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
    private final Clock clock;

    public ValidationCommandHandler(Probe probe, TlsProbe tls, SmokeCredentials credentials, Clock clock) {
        this.probe = probe;
        this.tls = tls;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof RunChecks run) {
            reporter.report(new StepStarted("running " + run.checks().size() + " check(s) against " + run.baseUrl()));
            reporter.report(conclusion(Assessor.assess(run, measure(run), clock.instant())));
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
            case SMOKE_REQUEST, LATENCY_SERIES -> smoke(run, check);
        };
    }

    /**
     * Phase 7's requests, with the credential the check names added. A credential that is not configured fails the check
     * without a request; its value is scrubbed from everything the result reports, should the application echo it.
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
        CheckResult result = check.kind() == CheckKind.LATENCY_SERIES
                ? Checks.judgeSeries(
                        check, series(request, check.smoke().series().requests(), run.environment()))
                : Checks.judge(check, probe.send(request, run.environment()), run.expectedVersion());
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

    private static String url(String baseUrl, Check check) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (check.path().startsWith("/") ? check.path() : "/" + check.path());
    }

    private static EventBody conclusion(Verdict verdict) {
        if (verdict instanceof Verdict.Passed passed) {
            Map<String, String> outputs = new HashMap<>();
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
