package dev.runway.validator.guard;

import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.spec.KubernetesTarget;
import java.util.Map;

/**
 * The query behind each guard metric for one environment, with {@code {namespace}}, {@code
 * {deployment}} and {@code {range}} filled in for the release being watched.
 *
 * @param templates       one per metric; a metric without a template cannot be guarded there
 * @param minRangeSeconds the shortest rate range worth asking for: several of the environment's scrape
 *     intervals, or a rate rests on one or two scrapes
 */
public record GuardQueries(Map<GuardMetric, String> templates, long minRangeSeconds) {

    /** What most environments scrape at (15 s or less) needs: a rate over at least 20 s. */
    public static final long DEFAULT_MIN_RANGE_SECONDS = 20;

    public GuardQueries {
        templates = Map.copyOf(templates);
    }

    /**
     * The rate range of a rule's query: the environment's minimum, stretched to one sampling interval when that
     * is longer, so that no request between two samples goes unseen. It is no longer than that because the range
     * adds to how late a breach is seen: a rule fires up to one range after the breach began plus its window.
     */
    public long rangeSeconds(GuardRule rule) {
        return Math.max(minRangeSeconds, rule.intervalSeconds());
    }

    public String query(GuardRule rule, KubernetesTarget target) {
        return query(rule.metric(), target, rangeSeconds(rule));
    }

    String query(GuardMetric metric, KubernetesTarget target, long rangeSeconds) {
        String template = templates.get(metric);
        if (template == null) {
            throw new IllegalArgumentException("no query is configured for " + metric);
        }
        return template.replace("{namespace}", target.namespace())
                .replace("{deployment}", target.deployment())
                .replace("{range}", rangeSeconds + "s");
    }
}
