package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.event.Measurement;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A phase watching the guard (see {@link GuardObservation}): what each rule measured since the phase began.
 *
 * @param until         the end of the observation period
 * @param checked       what the phase's own command shows once it succeeded
 * @param commandPassed the phase's own command succeeded; the phase waits for the observation too
 * @param observed      per rule, the samples with data since {@code since}; a rule without any is absent
 */
public record Observation(
        Phase phase,
        Instant since,
        Instant until,
        String checked,
        boolean commandPassed,
        Map<String, Observed> observed) {

    /** @param last the latest sample with data */
    public record Observed(int samples, Measurement last) {}

    public Observation {
        observed = observed == null ? Map.of() : new TreeMap<>(observed);
    }

    static Observation begin(Phase phase, Instant now, GuardObservation declared) {
        return new Observation(phase, now, now.plus(declared.period()), declared.checked(), false, Map.of());
    }

    /** @param summary the command's own report, which names what it measured; the phase's row repeats it */
    Observation withCommandPassed(String summary) {
        return new Observation(phase, since, until, checked + "; " + summary, true, observed);
    }

    /** NaN, errors and "no data" are samples without data: they prove nothing about the release. */
    Observation sampled(List<Measurement> measurements) {
        Map<String, Observed> all = new TreeMap<>(observed);
        for (Measurement m : measurements) {
            if (hasData(m)) {
                Observed before = all.get(m.name());
                all.put(m.name(), new Observed(before == null ? 1 : before.samples() + 1, m));
            }
        }
        return new Observation(phase, since, until, checked, commandPassed, all);
    }

    private static boolean hasData(Measurement m) {
        boolean measured = switch (m.status()) {
            case SUCCESSFUL, FAILED -> true;
            case INCONCLUSIVE, ERROR -> false;
        };
        return measured && Double.isFinite(value(m));
    }

    List<String> withoutData(List<GuardRule> rules) {
        return rules.stream()
                .map(GuardRule::name)
                .filter(r -> !observed.containsKey(r))
                .toList();
    }

    /**
     * Per rule, what was measured, then what the phase's command showed, e.g. {@code error-rate-immediate: last
     * 0.00% (threshold 5.00%, window 60 s), 61 samples over 300 s; /metrics answered in Prometheus format}.
     */
    String describe(List<GuardRule> rules, Instant now) {
        long over = Duration.between(since, now).toSeconds();
        String measured = rules.stream()
                .map(r -> {
                    Observed o = observed.get(r.name());
                    return r.name() + ": last " + format(r.metric(), value(o.last())) + " (threshold "
                            + format(r.metric(), r.threshold()) + ", window " + r.windowSeconds() + " s), "
                            + o.samples() + (o.samples() == 1 ? " sample" : " samples") + " over " + over + " s";
                })
                .collect(Collectors.joining("; "));
        return measured + "; " + checked;
    }

    private static double value(Measurement m) {
        if (m.value() == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(m.value());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String format(GuardMetric metric, double value) {
        return switch (metric) {
            case ERROR_RATE -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            case LATENCY_P99 -> String.format(Locale.ROOT, "%.0f ms", value * 1000);
        };
    }
}
