package dev.runway.validator;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.Measurement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns measured checks and a command's thresholds into a verdict. Pure, like argo-rollouts'
 * evaluation: the same inputs always give the same verdict, so each rule is tested by calling it.
 *
 * <p>When several rules are broken, the first in this order names the breach, from the runbook's
 * "IMMEDIATE ROLLBACK" list down to "EVALUATE ROLLBACK": application unresponsive, health check
 * failed, version mismatch, TLS certificate invalid, HTTPS not enforced, database unhealthy, incident open, cluster
 * not ready, endpoints not ready, targets unhealthy, pods restarted, integration unhealthy, then the checks read from
 * Prometheus (error rate, availability, latency against the SLOs, alert rules, error budget, resources against the
 * baseline, and any of them that could not be measured), smoke tests below threshold, latency above threshold, metrics
 * unavailable. The public endpoint's, the database's, the cluster's, the integrations' and Prometheus' checks come
 * before the pass rate: the phases that carry them allow no failed check, and their breach should say which one.
 *
 * <p>A latency series (Step 7.3) is not one of the smoke checks the pass rate counts (Step 7.1): it has its own limits,
 * and a series beyond them is a latency breach, as a single answer slower than the command's limit is.
 */
public final class Assessor {

    private static final Set<String> HEALTH_PATHS = Set.of("/health", "/ready", "/live");

    private Assessor() {}

    public static Verdict assess(RunChecks command, List<CheckResult> results, Instant now) {
        List<Measurement> measurements = measurements(results, command.maxResponseTimeMillis(), now);
        List<CheckResult> gated = results.stream()
                .filter(r -> r.check().kind() != CheckKind.LATENCY_SERIES)
                .toList();
        int total = gated.size();
        int passed = (int) gated.stream().filter(CheckResult::passed).count();

        List<CheckResult> requests =
                results.stream().filter(r -> r.response() != null).toList();
        if (!requests.isEmpty() && requests.stream().noneMatch(r -> r.response().answered())) {
            return new Verdict.Breached(
                    RollbackTrigger.APPLICATION_UNRESPONSIVE,
                    "the application at " + command.baseUrl() + " did not answer any of " + requests.size()
                            + " check(s): " + requests.get(0).response().error(),
                    measurements);
        }
        List<CheckResult> failedHealth = results.stream()
                .filter(r -> !r.passed()
                        && r.response() != null
                        && r.check().path() != null
                        && isHealthPath(r.check().path())
                        && statusFailed(r))
                .toList();
        if (!failedHealth.isEmpty()) {
            return breached(RollbackTrigger.HEALTH_CHECK_FAILED, failedHealth, measurements);
        }
        List<CheckResult> wrongVersion = results.stream()
                .filter(r -> !r.passed() && r.check().kind() == CheckKind.VERSION_REPORTED && !statusFailed(r))
                .toList();
        if (!wrongVersion.isEmpty()) {
            return breached(RollbackTrigger.VERSION_MISMATCH, wrongVersion, measurements);
        }
        List<CheckResult> badCertificate = failed(results, CheckKind.TLS_CERTIFICATE);
        if (!badCertificate.isEmpty()) {
            return breached(RollbackTrigger.TLS_CERTIFICATE_INVALID, badCertificate, measurements);
        }
        List<CheckResult> httpsNotEnforced = new ArrayList<>(failed(results, CheckKind.HTTPS_REDIRECT));
        httpsNotEnforced.addAll(failed(results, CheckKind.HSTS));
        if (!httpsNotEnforced.isEmpty()) {
            return breached(RollbackTrigger.HTTPS_NOT_ENFORCED, httpsNotEnforced, measurements);
        }
        List<CheckResult> database = new ArrayList<>();
        for (CheckKind kind : List.of(
                CheckKind.DATABASE_REACHABLE,
                CheckKind.DATABASE_CONNECTIONS,
                CheckKind.DATABASE_SLOW_QUERIES,
                CheckKind.DATABASE_SIZE)) {
            database.addAll(failed(results, kind));
        }
        if (!database.isEmpty()) {
            return breached(RollbackTrigger.DATABASE_UNHEALTHY, database, measurements);
        }
        List<CheckResult> incidents = failed(results, CheckKind.OPEN_INCIDENTS);
        if (!incidents.isEmpty()) {
            return breached(RollbackTrigger.INCIDENT_OPEN, incidents, measurements);
        }
        List<CheckResult> clusterNotReady = new ArrayList<>(failed(results, CheckKind.NODES_READY));
        clusterNotReady.addAll(failed(results, CheckKind.PODS_RUNNING));
        if (!clusterNotReady.isEmpty()) {
            return breached(RollbackTrigger.CLUSTER_NOT_READY, clusterNotReady, measurements);
        }
        List<CheckResult> endpointsNotReady = failed(results, CheckKind.SERVICE_ENDPOINTS);
        if (!endpointsNotReady.isEmpty()) {
            return breached(RollbackTrigger.ENDPOINTS_NOT_READY, endpointsNotReady, measurements);
        }
        List<CheckResult> unhealthyTargets = failed(results, CheckKind.TARGET_HEALTH);
        if (!unhealthyTargets.isEmpty()) {
            return breached(RollbackTrigger.TARGETS_UNHEALTHY, unhealthyTargets, measurements);
        }
        List<CheckResult> restarted = failed(results, CheckKind.POD_RESTARTS);
        if (!restarted.isEmpty()) {
            return breached(RollbackTrigger.PODS_RESTARTED, restarted, measurements);
        }
        List<CheckResult> integrations = failed(results, CheckKind.INTEGRATION_HEALTH);
        if (!integrations.isEmpty()) {
            return breached(RollbackTrigger.INTEGRATION_UNHEALTHY, integrations, measurements);
        }
        List<CheckResult> alerts = failed(results, CheckKind.ALERT_DELIVERY);
        if (!alerts.isEmpty()) {
            return breached(RollbackTrigger.ALERT_NOT_DELIVERED, alerts, measurements);
        }
        Optional<Verdict.Breached> monitoring = monitoringBreach(results, measurements);
        if (monitoring.isPresent()) {
            return monitoring.get();
        }
        if ((long) passed * 100 < (long) command.passRatePercent() * total) {
            return new Verdict.Breached(
                    RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD,
                    passed + " of " + total
                            + " smoke checks passed (" + percent(passed, total) + "%), threshold "
                            + command.passRatePercent()
                            + "%: "
                            + findings(gated.stream().filter(r -> !r.passed()).toList()),
                    measurements);
        }
        List<CheckResult> slow = results.stream()
                .filter(r -> tooSlow(r, command.maxResponseTimeMillis()))
                .toList();
        List<CheckResult> slowSeries = failed(results, CheckKind.LATENCY_SERIES);
        if (!slow.isEmpty() || !slowSeries.isEmpty()) {
            return new Verdict.Breached(
                    RollbackTrigger.LATENCY_ABOVE_THRESHOLD,
                    Stream.concat(
                                    slow.stream()
                                            .map(r -> r.check().path() + " took "
                                                    + r.response().elapsed().toMillis() + " ms, limit "
                                                    + command.maxResponseTimeMillis() + " ms"),
                                    slowSeries.stream().map(CheckResult::finding))
                            .collect(Collectors.joining("; ")),
                    measurements);
        }
        List<CheckResult> noMetrics = results.stream()
                .filter(r -> !r.passed() && r.check().kind() == CheckKind.PROMETHEUS_METRICS)
                .toList();
        if (!noMetrics.isEmpty()) {
            return breached(RollbackTrigger.METRICS_UNAVAILABLE, noMetrics, measurements);
        }

        String reportedVersion = results.stream()
                .map(CheckResult::reportedVersion)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        String summary = passed + " of " + total + " checks passed (" + percent(passed, total) + "%)"
                + (reportedVersion == null ? "" : ", version " + reportedVersion)
                + results.stream()
                        .filter(r -> r.passed() && r.reading() != null)
                        .map(r -> "; " + r.reading().explanation())
                        .collect(Collectors.joining())
                + (passed < total
                        ? "; within the " + command.passRatePercent() + "% threshold: "
                                + findings(
                                        gated.stream().filter(r -> !r.passed()).toList())
                        : "")
                + command.notChecked().stream().map(n -> "; " + n).collect(Collectors.joining());
        return new Verdict.Passed(summary, reportedVersion, passed, total, measurements);
    }

    /** A failed measurement names its own trigger; one that measured nothing is metrics unavailable. */
    private static Optional<Verdict.Breached> monitoringBreach(
            List<CheckResult> results, List<Measurement> measurements) {
        List<CheckResult> measured = results.stream()
                .filter(r -> r.reading() == null || !r.reading().error())
                .toList();
        Map<RollbackTrigger, List<CheckKind>> byTrigger = new LinkedHashMap<>();
        byTrigger.put(RollbackTrigger.ERROR_RATE_ELEVATED, List.of(CheckKind.SLO_ERROR_RATE));
        byTrigger.put(RollbackTrigger.AVAILABILITY_BELOW_SLO, List.of(CheckKind.SLO_AVAILABILITY));
        byTrigger.put(
                RollbackTrigger.LATENCY_ABOVE_THRESHOLD, List.of(CheckKind.SLO_LATENCY_P95, CheckKind.SLO_LATENCY_P99));
        byTrigger.put(RollbackTrigger.ALERT_RULES_MISSING, List.of(CheckKind.ALERT_RULES_LOADED));
        byTrigger.put(RollbackTrigger.ERROR_BUDGET_EXHAUSTED, List.of(CheckKind.ERROR_BUDGET));
        byTrigger.put(RollbackTrigger.RESOURCES_OUTSIDE_BASELINE, List.of(CheckKind.CPU_USAGE, CheckKind.MEMORY_USAGE));
        for (Map.Entry<RollbackTrigger, List<CheckKind>> rule : byTrigger.entrySet()) {
            List<CheckResult> culprits = measured.stream()
                    .filter(r ->
                            !r.passed() && rule.getValue().contains(r.check().kind()))
                    .toList();
            if (!culprits.isEmpty()) {
                return Optional.of(breached(rule.getKey(), culprits, measurements));
            }
        }
        List<CheckResult> unmeasured = results.stream()
                .filter(r -> !r.passed() && r.check().monitoring() != null)
                .toList();
        return unmeasured.isEmpty()
                ? Optional.empty()
                : Optional.of(breached(RollbackTrigger.METRICS_UNAVAILABLE, unmeasured, measurements));
    }

    private static List<CheckResult> failed(List<CheckResult> results, CheckKind kind) {
        return results.stream()
                .filter(r -> !r.passed() && r.check().kind() == kind)
                .toList();
    }

    private static boolean isHealthPath(String path) {
        String bare = path.split("\\?", 2)[0];
        return HEALTH_PATHS.contains(
                bare.endsWith("/") && bare.length() > 1 ? bare.substring(0, bare.length() - 1) : bare);
    }

    /** A health endpoint failed on its status: a wrong one or, while others answered, none at all. */
    private static boolean statusFailed(CheckResult result) {
        return !result.response().answered()
                || result.response().status() != result.check().expectedStatus();
    }

    private static boolean tooSlow(CheckResult result, long limitMillis) {
        return limitMillis > 0
                && result.response() != null
                && result.response().answered()
                && result.response().elapsed().toMillis() > limitMillis;
    }

    private static Verdict.Breached breached(
            RollbackTrigger trigger, List<CheckResult> culprits, List<Measurement> measurements) {
        return new Verdict.Breached(trigger, findings(culprits), measurements);
    }

    private static String findings(List<CheckResult> failed) {
        // a version check reads /health too, so the same finding can come twice
        return failed.stream().map(CheckResult::finding).distinct().collect(Collectors.joining("; "));
    }

    /** Rounded down, so a rate just under the threshold never prints as equal to it. */
    private static long percent(int passed, int total) {
        return total == 0 ? 100 : (long) passed * 100 / total;
    }

    /** Per check: its status (or why there was none), then its response time. */
    private static List<Measurement> measurements(List<CheckResult> results, long limitMillis, Instant now) {
        List<Measurement> measurements = new ArrayList<>();
        for (CheckResult r : results) {
            Measurement.Status status = !r.answered()
                    ? Measurement.Status.ERROR
                    : r.passed() ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED;
            if (r.response() != null) {
                String value = r.response().answered()
                        ? r.response().status().toString()
                        : r.response().error();
                measurements.add(new Measurement(r.check().name(), value, "http_status", status, now));
            }
            if (r.reportedVersion() != null) {
                measurements.add(new Measurement(r.check().name() + ".version", r.reportedVersion(), "", status, now));
            }
            if (r.reading() != null) {
                String name = r.reading().label() == null
                        ? r.check().name()
                        : r.check().name() + "." + r.reading().label();
                // a series' count of answers fails only for answers missing, not for the times its statistics judge
                Measurement.Status readingStatus = r.latency() != null && r.answered()
                        ? (r.latency().answered() == r.latency().requests()
                                ? Measurement.Status.SUCCESSFUL
                                : Measurement.Status.FAILED)
                        : status;
                measurements.add(
                        new Measurement(name, r.reading().value(), r.reading().unit(), readingStatus, now));
            }
            if (r.latency() != null) {
                for (CheckResult.LatencyStats.Statistic s : r.latency().statistics()) {
                    measurements.add(new Measurement(
                            r.check().name() + "." + s.name(),
                            Long.toString(s.millis()),
                            "ms",
                            s.within() ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED,
                            now));
                }
            }
            if (r.response() != null) {
                measurements.add(new Measurement(
                        r.check().name() + ".responseTime",
                        Long.toString(r.response().elapsed().toMillis()),
                        "ms",
                        !r.response().answered()
                                ? Measurement.Status.ERROR
                                : tooSlow(r, limitMillis) ? Measurement.Status.FAILED : Measurement.Status.SUCCESSFUL,
                        now));
            }
        }
        return measurements;
    }
}
