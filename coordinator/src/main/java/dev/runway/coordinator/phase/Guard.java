package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.event.Measurement;
import dev.runway.model.guard.GuardRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The release's continuous guard: a {@code WatchGuards} command the validator answers with samples and verdicts for
 * as long as it runs. It is a background command, never the awaited one.
 *
 * @param commandId      the current watch; a hypercare watch replaces the first one
 * @param until          when the validator stops on its own
 * @param samples        the latest sample per rule name
 * @param hypercareUntil set once the release completed with the guard still running
 * @param alert          a breach during hypercare that nobody has decided on yet; null otherwise
 * @param hypercareEndedBy the newer release whose start ended the hypercare early; null otherwise
 * @param unavailable    why the validator could not watch (it answered the watch with a failure); null otherwise
 */
public record Guard(
        UUID commandId,
        List<GuardRule> rules,
        Instant until,
        Map<String, Measurement> samples,
        Instant hypercareUntil,
        Breach alert,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID hypercareEndedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String unavailable) {

    public Guard {
        rules = List.copyOf(rules);
        samples = samples == null ? Map.of() : new TreeMap<>(samples);
    }

    static Guard watching(UUID commandId, List<GuardRule> rules, Instant until) {
        return new Guard(commandId, rules, until, Map.of(), null, null, null, null);
    }

    boolean runningAt(Instant now) {
        return now.isBefore(until);
    }

    /** Only what is named after one of the rules is a sample: anything else would show as a guard reading. */
    Guard sampled(List<Measurement> measurements) {
        Map<String, Measurement> latest = new TreeMap<>(samples);
        measurements.stream().filter(m -> watches(m.name())).forEach(m -> latest.put(m.name(), m));
        return new Guard(commandId, rules, until, latest, hypercareUntil, alert, hypercareEndedBy, unavailable);
    }

    Guard unavailable(String reason) {
        return new Guard(commandId, rules, until, samples, hypercareUntil, alert, hypercareEndedBy, reason);
    }

    boolean watches(String rule) {
        return rules.stream().anyMatch(r -> r.name().equals(rule));
    }

    Guard inHypercare(UUID watch, Instant end) {
        return new Guard(watch, rules, end, samples, end, null, null, null);
    }

    Guard alerting(Breach breach) {
        return new Guard(commandId, rules, until, samples, hypercareUntil, breach, hypercareEndedBy, unavailable);
    }

    /** Whether hypercare watches at {@code now}: begun, not over, not ended by a newer release. */
    boolean inHypercareAt(Instant now) {
        return hypercareUntil != null && now.isBefore(hypercareUntil) && hypercareEndedBy == null;
    }

    /** An open alert goes too: rolling back to before this release would also undo the newer one. */
    Guard supersededBy(UUID release) {
        return new Guard(commandId, rules, until, samples, hypercareUntil, null, release, unavailable);
    }
}
