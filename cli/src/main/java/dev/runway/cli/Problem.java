package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 problem the coordinator answered with ({@code application/problem+json}), read leniently: an answer
 * that is not one (a proxy's HTML page) still becomes a readable error with its status and the start of its body.
 */
public record Problem(int status, String title, String detail, List<Violation> errors, String activeRelease) {

    /** One thing wrong with the request: the field's JSON path and what is wrong with it. */
    public record Violation(String field, String message) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_SHOWN = 300;

    public static Problem parse(int status, String body) {
        JsonNode node = null;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            String shown = body == null ? "" : body.strip();
            if (shown.length() > BODY_SHOWN) {
                shown = shown.substring(0, BODY_SHOWN) + "...";
            }
            return new Problem(status, null, shown.isEmpty() ? null : shown, List.of(), null);
        }
        List<Violation> errors = new ArrayList<>();
        for (JsonNode error : node.path("errors")) {
            errors.add(new Violation(
                    error.path("field").asText(""), error.path("message").asText("")));
        }
        return new Problem(
                node.path("status").asInt(status),
                textOr(node, "title", null),
                textOr(node, "detail", null),
                errors,
                textOr(node, "activeRelease", null));
    }

    /**
     * For a person: the title and status, the detail, then each violation on its own line. The detail is left out when
     * it only repeats the violations, as the coordinator's invalid-spec detail does.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("error: ").append(title == null ? "HTTP " + status : title + " (HTTP " + status + ")");
        if (detail != null && !detail.isBlank() && !repeatsViolations()) {
            out.append(System.lineSeparator()).append("  ").append(detail);
        }
        for (Violation v : errors) {
            out.append(System.lineSeparator())
                    .append("  - ")
                    .append(v.field())
                    .append(": ")
                    .append(v.message());
        }
        if (activeRelease != null) {
            out.append(System.lineSeparator())
                    .append("  active release: ")
                    .append(activeRelease)
                    .append(" (runway release status ")
                    .append(activeRelease)
                    .append(')');
        }
        return out.toString();
    }

    private boolean repeatsViolations() {
        return !errors.isEmpty()
                && errors.stream().allMatch(v -> detail.contains(v.field()) && detail.contains(v.message()));
    }

    private static String textOr(JsonNode node, String field, String otherwise) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : otherwise;
    }
}
