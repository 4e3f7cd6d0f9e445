package dev.runway.validator.guard;

import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import java.util.List;
import java.util.Locale;

/** Says what a rule saw, with numbers: the rule, the threshold, the window, the values and the query. */
public final class Explanation {

    private Explanation() {}

    public static String of(RuleProgress progress) {
        GuardRule rule = progress.rule();
        List<Reading> seen =
                progress.evidence().stream().filter(Reading::hasValue).toList();
        String query = progress.evidence().isEmpty()
                ? ""
                : "; query: "
                        + progress.evidence()
                                .get(progress.evidence().size() - 1)
                                .query();
        String condition = rule.name() + ": " + label(rule.metric()) + " > " + format(rule.metric(), rule.threshold())
                + " for " + rule.windowSeconds() + " s";
        return switch (progress.assessment()) {
            case FAILED -> condition + " breached: " + summary(rule.metric(), seen, progress) + query;
            case ERROR ->
                condition + " could not be measured: " + progress.consecutiveErrors()
                        + " failed queries in a row, last: " + lastError(progress) + query;
            case INCONCLUSIVE ->
                condition + " inconclusive: no data in the last " + progress.consecutiveNoData()
                        + " sample(s) (no traffic?)" + query;
            case SUCCESSFUL -> condition + " holds: " + summary(rule.metric(), seen, progress) + query;
        };
    }

    /**
     * One sample in words, e.g. {@code error-rate-immediate: error rate 10.12% (threshold 5.00%, window 60 s)}.
     */
    public static String sample(GuardRule rule, Reading reading) {
        String seen;
        if (reading.failed()) {
            seen = "not measured: " + reading.error();
        } else if (reading.hasValue()) {
            seen = format(rule.metric(), reading.value());
        } else {
            seen = "no data";
        }
        return rule.name() + ": " + label(rule.metric()) + " " + seen + " (threshold "
                + format(rule.metric(), rule.threshold()) + ", window " + rule.windowSeconds() + " s)";
    }

    private static String summary(GuardMetric metric, List<Reading> seen, RuleProgress progress) {
        if (seen.isEmpty()) {
            return "no values yet";
        }
        double min = seen.stream().mapToDouble(Reading::value).min().orElseThrow();
        double max = seen.stream().mapToDouble(Reading::value).max().orElseThrow();
        Reading last = seen.get(seen.size() - 1);
        String lasted = progress.breachingSince() == null
                ? ""
                : ", above the threshold for " + progress.breachLasted().toSeconds() + " s";
        return "last " + format(metric, last.value()) + " at " + last.at() + ", " + seen.size() + " sample(s) from "
                + seen.get(0).at() + " between " + format(metric, min) + " and " + format(metric, max) + lasted;
    }

    private static String lastError(RuleProgress progress) {
        List<Reading> evidence = progress.evidence();
        return evidence.isEmpty() ? "none" : evidence.get(evidence.size() - 1).error();
    }

    static String label(GuardMetric metric) {
        return switch (metric) {
            case ERROR_RATE -> "error rate";
            case LATENCY_P99 -> "p99 latency";
        };
    }

    public static String format(GuardMetric metric, double value) {
        return switch (metric) {
            case ERROR_RATE -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            case LATENCY_P99 -> String.format(Locale.ROOT, "%.0f ms", value * 1000);
        };
    }
}
