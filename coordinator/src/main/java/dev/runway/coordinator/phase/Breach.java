package dev.runway.coordinator.phase;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A guard rule that fired, as the release remembers it.
 *
 * @param explanation the validator's words: rule, query, values, threshold and window
 */
public record Breach(RollbackTrigger trigger, String rule, Severity severity, String explanation, Instant at) {

    static Breach of(RollbackTrigger trigger, Evidence evidence, Instant at) {
        return new Breach(trigger, evidence.rule(), evidence.severity(), evidence.explanation(), at);
    }

    /** How timelines and audit reasons state it. */
    String describe() {
        return trigger + " (" + severity.name().toLowerCase() + "): " + explanation;
    }

    /** What announcements state about it. */
    Map<String, String> facts() {
        Map<String, String> facts = new HashMap<>();
        facts.put(Announce.Facts.REASON, explanation);
        facts.put(Announce.Facts.EVIDENCE, explanation);
        facts.put(Announce.Facts.TRIGGER, trigger.name());
        facts.put(Announce.Facts.RULE, rule);
        facts.put(Announce.Facts.SEVERITY, severity.name());
        return facts;
    }
}
