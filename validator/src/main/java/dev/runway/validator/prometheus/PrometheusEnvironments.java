package dev.runway.validator.prometheus;

import dev.runway.model.guard.GuardMetric;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.guard.GuardEnvironments;
import dev.runway.validator.guard.GuardQueries;
import dev.runway.validator.guard.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Each configured environment with a Prometheus URL, read through its own {@link PrometheusMetricsSource}. */
@ApplicationScoped
public class PrometheusEnvironments implements GuardEnvironments {

    private final Map<String, GuardEnvironment> byName = new HashMap<>();

    public PrometheusEnvironments(ValidatorConfig config) {
        Limits limits = new Limits(
                config.guard().consecutiveErrorLimit(), config.guard().noDataLimit());
        config.environments()
                .forEach((name, environment) -> environment
                        .prometheusUrl()
                        .ifPresent(url -> byName.put(
                                name,
                                new GuardEnvironment(
                                        new PrometheusMetricsSource(
                                                url, config.guard().queryTimeout()),
                                        new GuardQueries(
                                                Map.of(
                                                        GuardMetric.ERROR_RATE,
                                                                environment
                                                                        .queries()
                                                                        .errorRate(),
                                                        GuardMetric.LATENCY_P99,
                                                                environment
                                                                        .queries()
                                                                        .latencyP99()),
                                                environment.minRange().toSeconds()),
                                        limits))));
    }

    @Override
    public Optional<GuardEnvironment> find(String environment) {
        return Optional.ofNullable(byName.get(environment));
    }
}
