package dev.runway.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints a release the way the runbook's Appendix B lays out a deployment timeline. */
public final class TimelinePrinter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private TimelinePrinter() {}

    public static String render(JsonNode release) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Release %s: %s %s to %s — %s%n",
                release.path("id").asText(),
                release.path("application").asText(),
                release.path("version").asText(),
                release.path("environment").asText(),
                release.path("status").asText()));
        out.append(String.format(
                "| %-8s | %-10s | %-26s | %-11s | %8s | %s%n", "Time", "Phase", "Task", "Status", "Duration", "Notes"));
        out.append("|----------|------------|----------------------------|-------------|----------|------")
                .append(System.lineSeparator());
        for (JsonNode row : release.path("timeline")) {
            String started = row.path("startedAt").isMissingNode()
                            || row.path("startedAt").isNull()
                    ? "-"
                    : TIME.format(Instant.parse(row.path("startedAt").asText()));
            String duration = row.path("durationMillis").isNumber()
                    ? String.format("%.1fs", row.path("durationMillis").asLong() / 1000.0)
                    : "-";
            String notes = row.path("notes").isNull() ? "" : row.path("notes").asText();
            out.append(String.format(
                    "| %-8s | %-10s | %-26s | %-11s | %8s | %s%n",
                    started,
                    row.path("phase").asText(),
                    row.path("task").asText(),
                    row.path("status").asText(),
                    duration,
                    notes));
        }
        if (release.path("durationSeconds").isNumber()) {
            out.append("Total duration: ")
                    .append(release.path("durationSeconds").asLong())
                    .append(" s")
                    .append(System.lineSeparator());
        }
        JsonNode rollback = release.path("rollback");
        out.append("Rollback required: ")
                .append(
                        rollback.isObject()
                                ? "YES (" + rollback.path("trigger").asText() + ": "
                                        + rollback.path("reason").asText() + ")"
                                : "NO")
                .append(System.lineSeparator());
        return out.toString();
    }
}
