package dev.runway.validator.monitoring;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.validator.config.ValidatorConfig;
import java.util.EnumMap;
import java.util.Map;

/**
 * The PromQL behind each check read from one environment's Prometheus, with {@code {namespace}}, {@code {deployment}}
 * and {@code {range}} filled in from the check.
 */
public record Queries(Map<CheckKind, String> templates) {

    public Queries {
        templates = Map.copyOf(templates);
    }

    public static Queries of(ValidatorConfig.MonitoringQueries configured) {
        Map<CheckKind, String> templates = new EnumMap<>(CheckKind.class);
        templates.put(CheckKind.SLO_AVAILABILITY, configured.availability());
        templates.put(CheckKind.SLO_ERROR_RATE, configured.errorRate());
        templates.put(CheckKind.SLO_LATENCY_P95, configured.latencyP95());
        templates.put(CheckKind.SLO_LATENCY_P99, configured.latencyP99());
        templates.put(CheckKind.ERROR_BUDGET, configured.errorBudgetRatio());
        templates.put(CheckKind.CPU_USAGE, configured.cpu());
        templates.put(CheckKind.MEMORY_USAGE, configured.memory());
        return new Queries(templates);
    }

    /** @throws IllegalArgumentException for a check that is not a query (alert rules), or one without a target */
    public String query(Check check) {
        String template = templates.get(check.kind());
        if (template == null || check.monitoring() == null || check.monitoring().target() == null) {
            throw new IllegalArgumentException(
                    "no query is configured for " + check.kind() + " (" + check.name() + ")");
        }
        return template.replace("{namespace}", check.monitoring().target().namespace())
                .replace("{deployment}", check.monitoring().target().deployment())
                .replace("{range}", check.monitoring().windowSeconds() + "s");
    }
}
