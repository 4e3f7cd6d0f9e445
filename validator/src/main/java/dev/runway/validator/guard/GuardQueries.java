package dev.runway.validator.guard;

import dev.runway.model.guard.GuardMetric;
import dev.runway.model.spec.KubernetesTarget;
import java.util.Map;

/**
 * The query behind each guard metric for one environment, with {@code {namespace}}, {@code
 * {deployment}} and {@code {range}} filled in for the release being watched.
 *
 * @param templates one per metric; a metric without a template cannot be guarded there
 */
public record GuardQueries(Map<GuardMetric, String> templates) {

    public GuardQueries {
        templates = Map.copyOf(templates);
    }

    /**
     * @param rangeSeconds the rate window of the query; a few scrape intervals smooth single scrapes
     *     without hiding a breach for long
     */
    public String query(GuardMetric metric, KubernetesTarget target, long rangeSeconds) {
        String template = templates.get(metric);
        if (template == null) {
            throw new IllegalArgumentException("no query is configured for " + metric);
        }
        return template.replace("{namespace}", target.namespace())
                .replace("{deployment}", target.deployment())
                .replace("{range}", rangeSeconds + "s");
    }
}
