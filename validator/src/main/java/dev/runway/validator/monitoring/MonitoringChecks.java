package dev.runway.validator.monitoring;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.RunChecks.Monitoring;
import dev.runway.model.event.StepSucceeded;
import dev.runway.validator.CheckResult;
import dev.runway.validator.CheckResult.Reading;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges what Prometheus answered against a check's Monitoring. Pure: no I/O, so every rule is tested directly. The
 * comparisons are the runbook's: availability at least its SLO, error rate and latency below theirs (Step 8.4), more
 * than the minimum of the error budget left, CPU and memory within the tolerance of the baseline (Step 9.1).
 */
public final class MonitoringChecks {

    private static final double MIB = 1024 * 1024;

    private MonitoringChecks() {}

    /** A check read from a query: the SLO kinds, the error budget, CPU and memory. */
    public static CheckResult judge(Check check, dev.runway.validator.guard.Reading answer) {
        Monitoring m = check.monitoring();
        String over = " over " + window(m.windowSeconds());
        if (answer.failed()) {
            return unmeasured(check, what(check.kind()) + " not measured: " + answer.error());
        }
        if (!answer.hasValue()) {
            return unmeasured(
                    check,
                    "no data for " + what(check.kind()) + over + ": the query returned nothing (no requests or no"
                            + " series?): " + answer.query());
        }
        double v = answer.value();
        return switch (check.kind()) {
            case SLO_AVAILABILITY -> {
                double percent = v * 100;
                boolean met = percent >= m.limit();
                yield result(
                        check,
                        met,
                        percent(percent),
                        "%",
                        ">= " + number(m.limit()) + "%",
                        "availability " + percent(percent) + "% " + (met ? ">=" : "<") + " " + number(m.limit()) + "%"
                                + over);
            }
            case SLO_ERROR_RATE -> {
                double percent = v * 100;
                boolean met = percent < m.limit();
                yield result(
                        check,
                        met,
                        percent(percent),
                        "%",
                        "< " + number(m.limit()) + "%",
                        "error rate " + percent(percent) + "% " + (met ? "<" : ">=") + " " + number(m.limit()) + "%"
                                + over);
            }
            case SLO_LATENCY_P95, SLO_LATENCY_P99 -> {
                double millis = v * 1000;
                boolean met = millis < m.limit();
                String value = String.format(Locale.ROOT, "%.1f", millis);
                yield result(
                        check,
                        met,
                        value,
                        "ms",
                        "< " + number(m.limit()) + " ms",
                        what(check.kind()) + " " + value + " ms " + (met ? "<" : ">=") + " " + number(m.limit()) + " ms"
                                + over);
            }
            case ERROR_BUDGET -> errorBudget(check, v);
            case CPU_USAGE, MEMORY_USAGE -> resource(check, v);
            default ->
                throw new IllegalArgumentException(check.name() + " (" + check.kind() + ") is not read from a query");
        };
    }

    /**
     * Budget left = 1 - errors / allowed errors, where the allowed share is 1 - the objective: an error ratio of
     * 0.05% against a 99.9% objective has spent half of it. Below 0 once more failed than the SLO allows.
     */
    public static double budgetLeftPercent(double errorRatio, double objectivePercent) {
        double allowed = 1 - objectivePercent / 100;
        if (allowed <= 0) {
            return errorRatio > 0 ? Double.NEGATIVE_INFINITY : 100;
        }
        return (1 - errorRatio / allowed) * 100;
    }

    private static CheckResult errorBudget(Check check, double errorRatio) {
        Monitoring m = check.monitoring();
        double left = budgetLeftPercent(errorRatio, m.objectivePercent());
        boolean enough = left > m.limit();
        String value = String.format(Locale.ROOT, "%.1f", left);
        return result(
                check,
                enough,
                value,
                "%",
                "> " + number(m.limit()) + "%",
                "error budget " + value + "% left " + (enough ? ">" : "<=") + " " + number(m.limit())
                        + "% (error ratio "
                        + String.format(Locale.ROOT, "%.4f", errorRatio * 100) + "% over "
                        + window(m.windowSeconds()) + " against a " + number(m.objectivePercent()) + "% objective)");
    }

    private static CheckResult resource(Check check, double measured) {
        Monitoring m = check.monitoring();
        boolean cpu = check.kind() == CheckKind.CPU_USAGE;
        String value =
                cpu ? String.format(Locale.ROOT, "%.4f", measured) : String.format(Locale.ROOT, "%.0f", measured);
        String unit = cpu ? "cores" : "bytes";
        String seen = (cpu ? "CPU " : "memory ") + human(check.kind(), measured) + " per pod over "
                + window(m.windowSeconds());
        if (m.baseline() == null) {
            return result(check, true, value, unit, "measured", seen + " (Phase 9's baseline)");
        }
        double deviation = deviationPercent(measured, m.baseline());
        boolean within = Math.abs(deviation) <= m.limit();
        String signed = Double.isInfinite(deviation) ? "+inf" : String.format(Locale.ROOT, "%+.1f", deviation);
        return result(
                check,
                within,
                value,
                unit,
                "within ±" + number(m.limit()) + "% of " + human(check.kind(), m.baseline()),
                seen + ", " + signed + "% against the pre-flight baseline " + human(check.kind(), m.baseline()) + " "
                        + (within ? "within" : "outside") + " ±" + number(m.limit()) + "%");
    }

    /** Percent above (positive) or below the baseline; a baseline of 0 makes any use infinitely above it. */
    public static double deviationPercent(double measured, double baseline) {
        if (baseline == 0) {
            return measured == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (measured - baseline) / baseline * 100;
    }

    /** Step 8.3: every named rule is loaded and its last evaluation did not fail. */
    public static CheckResult judgeAlertRules(Check check, LoadedRules loaded) {
        List<String> wanted = check.monitoring().alertRules();
        String threshold = "all " + wanted.size() + " loaded";
        if (loaded.failed()) {
            return unmeasured(check, "alert rules not read: " + loaded.error(), "rules", threshold);
        }
        List<String> missing =
                wanted.stream().filter(r -> !loaded.health().containsKey(r)).toList();
        List<String> failing = wanted.stream()
                .filter(r -> "err".equals(loaded.health().get(r)))
                .toList();
        int good = wanted.size() - missing.size() - failing.size();
        String value = good + " of " + wanted.size();
        StringBuilder explanation = new StringBuilder("alert rules " + value + " loaded");
        if (!missing.isEmpty()) {
            explanation.append("; missing: ").append(String.join(", ", missing));
        }
        if (!failing.isEmpty()) {
            explanation
                    .append("; failing to evaluate: ")
                    .append(failing.stream()
                            .map(r -> r + " (" + loaded.lastError().getOrDefault(r, "") + ")")
                            .collect(Collectors.joining(", ")));
        }
        if (missing.isEmpty() && failing.isEmpty()) {
            explanation.append(": ").append(String.join(", ", wanted));
        }
        return result(check, good == wanted.size(), value, "rules", threshold, explanation.toString());
    }

    /** Nothing could be measured: no Prometheus for the environment, no answer, or no data. */
    public static CheckResult unmeasured(Check check, String why) {
        return unmeasured(check, why, unit(check.kind()), "");
    }

    private static CheckResult unmeasured(Check check, String why, String unit, String threshold) {
        return new CheckResult(check, null, false, null, why, new Reading(null, "none", unit, threshold, why, true));
    }

    /** Pre-flight's measured CPU and memory, as the outputs the coordinator carries to Phase 9. */
    public static Map<String, String> baselineOutputs(List<CheckResult> results) {
        Map<String, String> outputs = new HashMap<>();
        for (CheckResult r : results) {
            boolean measuresBaseline =
                    r.check().monitoring() != null && r.check().monitoring().baseline() == null;
            if (!r.passed() || !measuresBaseline || r.reading() == null) {
                continue;
            }
            if (r.check().kind() == CheckKind.CPU_USAGE) {
                outputs.put(
                        StepSucceeded.Outputs.BASELINE_CPU_CORES, r.reading().value());
            } else if (r.check().kind() == CheckKind.MEMORY_USAGE) {
                outputs.put(
                        StepSucceeded.Outputs.BASELINE_MEMORY_BYTES, r.reading().value());
            }
        }
        return outputs;
    }

    /** {@code 300} reads {@code 5m}, {@code 2592000} {@code 30d}, {@code 90} {@code 90s}. */
    public static String window(long seconds) {
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static CheckResult result(
            Check check, boolean passed, String value, String unit, String threshold, String explanation) {
        return new CheckResult(
                check,
                null,
                passed,
                null,
                passed ? null : explanation,
                new Reading(null, value, unit, threshold, explanation, false));
    }

    private static String what(CheckKind kind) {
        return switch (kind) {
            case SLO_AVAILABILITY -> "availability";
            case SLO_ERROR_RATE -> "error rate";
            case SLO_LATENCY_P95 -> "latency p95";
            case SLO_LATENCY_P99 -> "latency p99";
            case ERROR_BUDGET -> "error budget";
            case CPU_USAGE -> "CPU";
            case MEMORY_USAGE -> "memory";
            case ALERT_RULES_LOADED -> "alert rules";
            default -> kind.name();
        };
    }

    private static String unit(CheckKind kind) {
        return switch (kind) {
            case SLO_AVAILABILITY, SLO_ERROR_RATE, ERROR_BUDGET -> "%";
            case SLO_LATENCY_P95, SLO_LATENCY_P99 -> "ms";
            case CPU_USAGE -> "cores";
            case MEMORY_USAGE -> "bytes";
            case ALERT_RULES_LOADED -> "rules";
            default -> "";
        };
    }

    private static String human(CheckKind kind, double value) {
        return kind == CheckKind.CPU_USAGE
                ? String.format(Locale.ROOT, "%.4f cores", value)
                : String.format(Locale.ROOT, "%.1f MiB", value / MIB);
    }

    private static String percent(double percent) {
        return String.format(Locale.ROOT, "%.3f", percent);
    }

    /** {@code 0.1}, {@code 99.9}, {@code 500}: as configured, without a trailing {@code .0}. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
