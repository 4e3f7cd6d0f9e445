package dev.runway.validator.guard;

import dev.runway.model.event.Measurement;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.KubernetesTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guards of one release: which rule is due, what each saw, and which verdicts are new. Not
 * thread-safe; one sampler thread owns it.
 *
 * <p>A verdict is reported when it turns, not at every sample: a rule that fired is reported again
 * only after it held once more and then fired anew, so a person who chose to continue is not asked
 * again every five seconds about the same breach.
 */
public final class GuardWatch {

    private final KubernetesTarget target;
    private final GuardQueries queries;
    private final Instant until;
    private final Map<String, RuleProgress> progress = new LinkedHashMap<>();
    private final Map<String, Instant> due = new LinkedHashMap<>();
    private final Map<String, Assessment> reported = new LinkedHashMap<>();

    public GuardWatch(
            KubernetesTarget target,
            List<GuardRule> rules,
            GuardQueries queries,
            Limits limits,
            Instant from,
            Instant until) {
        this.target = target;
        this.queries = queries;
        this.until = until;
        for (GuardRule rule : rules) {
            progress.put(rule.name(), RuleProgress.start(rule, limits));
            due.put(rule.name(), from);
            reported.put(rule.name(), Assessment.SUCCESSFUL);
        }
    }

    public boolean expired(Instant now) {
        return !now.isBefore(until);
    }

    /** Samples every rule that is due at {@code now} and says what to report. */
    public List<GuardReport> sample(MetricsSource source, Instant now) {
        List<GuardReport> reports = new ArrayList<>();
        for (RuleProgress before : List.copyOf(progress.values())) {
            GuardRule rule = before.rule();
            if (now.isBefore(due.get(rule.name()))) {
                continue;
            }
            due.put(rule.name(), now.plus(Duration.ofSeconds(rule.intervalSeconds())));
            Reading reading = source.read(queries.query(rule, target), now);
            RuleProgress after = SustainedRule.observe(before, reading);
            progress.put(rule.name(), after);
            reports.add(new GuardReport.Sampled(rule, reading, measurement(after, reading)));
            Assessment previous = reported.get(rule.name());
            if (after.assessment() != previous) {
                reported.put(rule.name(), after.assessment());
                if (after.assessment() != Assessment.SUCCESSFUL) {
                    reports.add(new GuardReport.Turned(rule, after.assessment(), evidence(after)));
                }
            }
        }
        return reports;
    }

    public Map<String, RuleProgress> progress() {
        return Map.copyOf(progress);
    }

    private static Measurement measurement(RuleProgress after, Reading reading) {
        GuardRule rule = after.rule();
        Measurement.Status status;
        String value;
        if (reading.failed()) {
            status = Measurement.Status.ERROR;
            value = "error";
        } else if (!reading.hasValue()) {
            status = Measurement.Status.INCONCLUSIVE;
            value = "NaN";
        } else {
            status = rule.breachedBy(reading.value()) ? Measurement.Status.FAILED : Measurement.Status.SUCCESSFUL;
            value = String.format(Locale.ROOT, "%.4f", reading.value());
        }
        return new Measurement(rule.name(), value, rule.metric().unit(), status, reading.at());
    }

    private static Verdict verdict(Assessment assessment) {
        return switch (assessment) {
            case FAILED -> Verdict.FAILED;
            case ERROR -> Verdict.ERROR;
            case INCONCLUSIVE -> Verdict.INCONCLUSIVE;
            case SUCCESSFUL -> throw new IllegalArgumentException("a rule that holds has nothing to report");
        };
    }

    static Evidence evidence(RuleProgress after) {
        GuardRule rule = after.rule();
        List<Reading> evidence = after.evidence();
        List<Reading> values = evidence.stream()
                .filter(r -> after.breachingSince() == null || !r.at().isBefore(after.breachingSince()))
                .filter(Reading::hasValue)
                .toList();
        Reading last = evidence.get(evidence.size() - 1);
        Instant first = values.isEmpty() ? last.at() : values.get(0).at();
        return new Evidence(
                rule.name(),
                rule.metric(),
                last.query(),
                rule.threshold(),
                rule.windowSeconds(),
                rule.severity(),
                verdict(after.assessment()),
                first,
                last.at(),
                values.size(),
                values.stream().mapToDouble(Reading::value).min().orElse(Double.NaN),
                values.stream().mapToDouble(Reading::value).max().orElse(Double.NaN),
                last.value(),
                Explanation.of(after));
    }
}
