package dev.runway.coordinator.phase;

import java.time.Instant;
import java.util.List;

/** The guard rules that keep watching after completion, and until when. */
public record Hypercare(List<String> rules, Instant until) {

    public Hypercare {
        rules = List.copyOf(rules);
    }

    public String describe() {
        return "guards " + String.join(", ", rules) + " keep watching until " + until;
    }
}
