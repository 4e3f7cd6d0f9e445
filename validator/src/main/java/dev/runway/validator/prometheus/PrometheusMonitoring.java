package dev.runway.validator.prometheus;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.monitoring.LoadedRules;
import dev.runway.validator.monitoring.MonitoringChecks;
import dev.runway.validator.monitoring.MonitoringProbe;
import dev.runway.validator.monitoring.Queries;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The checks read from each configured environment's Prometheus: instant queries ({@code /api/v1/query}) for the SLOs,
 * the error budget and resources, and {@code /api/v1/rules?type=alert} for the alert rules. An environment without a
 * {@code prometheus-url} gets an error reading naming that, never a pass.
 */
@ApplicationScoped
public class PrometheusMonitoring implements MonitoringProbe {

    private record Server(URI url, String name, PrometheusMetricsSource source, Queries queries) {}

    private final Map<String, Server> byEnvironment = new HashMap<>();
    private final Duration timeout;
    private final HttpClient client;

    public PrometheusMonitoring(ValidatorConfig config) {
        this.timeout = config.guard().queryTimeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        config.environments()
                .forEach((name, environment) -> environment
                        .prometheusUrl()
                        .ifPresent(url -> byEnvironment.put(
                                name,
                                new Server(
                                        url,
                                        // without user information, which may hold a password
                                        url.getScheme() + "://" + url.getHost()
                                                + (url.getPort() < 0 ? "" : ":" + url.getPort()),
                                        new PrometheusMetricsSource(url, timeout),
                                        Queries.of(environment.monitoring())))));
    }

    @Override
    public CheckResult measure(Check check, String environment, Instant now) {
        Server server = environment == null ? null : byEnvironment.get(environment);
        if (server == null) {
            return MonitoringChecks.unmeasured(
                    check,
                    check.name() + " not measured: "
                            + (environment == null
                                    ? "the command names no environment"
                                    : "no prometheus-url configured for environment " + environment
                                            + " on the validator"));
        }
        return switch (check.kind()) {
            case ALERT_RULES_LOADED -> MonitoringChecks.judgeAlertRules(check, alertRules(server));
            case SLO_AVAILABILITY,
                    SLO_ERROR_RATE,
                    SLO_LATENCY_P95,
                    SLO_LATENCY_P99,
                    ERROR_BUDGET,
                    CPU_USAGE,
                    MEMORY_USAGE ->
                MonitoringChecks.judge(
                        check, server.source().read(server.queries().query(check), now));
            default ->
                throw new IllegalArgumentException(
                        check.name() + " (" + check.kind() + ") is not read from Prometheus");
        };
    }

    private LoadedRules alertRules(Server server) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(server.url().resolve("/api/v1/rules?type=alert"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return LoadedRules.parse(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LoadedRules.failed("interrupted");
        } catch (Exception e) {
            return LoadedRules.failed("Prometheus at " + server.name() + " did not answer: "
                    + e.getClass().getSimpleName());
        }
    }
}
