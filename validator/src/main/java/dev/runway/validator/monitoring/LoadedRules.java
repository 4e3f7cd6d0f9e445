package dev.runway.validator.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerting rules a Prometheus has loaded ({@code GET /api/v1/rules?type=alert}), by name. Never an exception: a
 * failed request is a value with an error.
 *
 * @param health    each rule's {@code health} ({@code ok}, {@code unknown} before its first evaluation, {@code err})
 * @param lastError each rule's last evaluation error, for rules whose health is {@code err}
 * @param error     null unless the rules could not be read
 */
public record LoadedRules(Map<String, String> health, Map<String, String> lastError, String error) {

    public LoadedRules {
        health = Map.copyOf(health);
        lastError = Map.copyOf(lastError);
    }

    public static LoadedRules failed(String error) {
        return new LoadedRules(Map.of(), Map.of(), error);
    }

    public boolean failed() {
        return error != null;
    }

    /** Reads the API's JSON envelope; see the Prometheus HTTP API documentation, "Rules", for its shape. */
    public static LoadedRules parse(int status, String body) {
        JsonNode root;
        try {
            root = RunwayJson.wire().readTree(body);
        } catch (Exception e) {
            return failed("Prometheus answered " + status + " with a body that is not JSON");
        }
        if (!"success".equals(root.path("status").asText())) {
            return failed("Prometheus answered " + status + ": "
                    + root.path("errorType").asText("error") + ": "
                    + root.path("error").asText(""));
        }
        Map<String, String> health = new TreeMap<>();
        Map<String, String> lastError = new TreeMap<>();
        for (JsonNode group : root.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!"alerting".equals(rule.path("type").asText())) {
                    continue;
                }
                String name = rule.path("name").asText();
                String ruleHealth = rule.path("health").asText("unknown");
                // a name in two groups is loaded once it evaluates cleanly in one
                if (!"ok".equals(health.get(name))) {
                    health.put(name, ruleHealth);
                }
                if ("err".equals(ruleHealth)) {
                    lastError.putIfAbsent(name, rule.path("lastError").asText(""));
                }
            }
        }
        return new LoadedRules(health, lastError, null);
    }
}
