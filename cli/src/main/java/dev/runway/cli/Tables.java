package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text tables of what the API answers, for a terminal: the timeline and the release list. */
public final class Tables {

    /** Notes can be paragraphs (Phase 2's backup and rehearsal); the table shows their start, the report all. */
    static final int NOTES_WIDTH = 72;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Tables() {}

    /** The runbook's Appendix B columns, from a release's JSON view (times in UTC). */
    public static String timeline(JsonNode release) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Time (UTC)", "Phase", "Task", "Status", "Duration", "Notes"));
        for (JsonNode row : release.path("timeline")) {
            rows.add(List.of(
                    time(row.path("startedAt")),
                    row.path("phase").asText(""),
                    row.path("task").asText(""),
                    row.path("status").asText(""),
                    row.path("durationMillis").isNumber()
                            ? duration(
                                    Duration.ofMillis(row.path("durationMillis").asLong()))
                            : "",
                    clip(oneLine(row.path("notes").asText("")), NOTES_WIDTH)));
        }
        return render(rows);
    }

    /** One line per release, newest first as the API lists them. */
    public static String releases(JsonNode releases) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ID", "Application", "Environment", "Version", "Status", "Phase", "Started (UTC)", "By"));
        for (JsonNode r : releases) {
            rows.add(List.of(
                    r.path("id").asText(""),
                    r.path("application").asText(""),
                    r.path("environment").asText(""),
                    r.path("version").asText(""),
                    r.path("status").asText(""),
                    r.path("currentPhase").isTextual() ? r.path("currentPhase").asText() : "",
                    instant(r.path("startedAt")) == null ? "" : DATE_TIME.format(instant(r.path("startedAt"))),
                    r.path("requestedBy").asText("")));
        }
        return render(rows);
    }

    /** "412 ms", "12.3 s", "2 min 05 s", "1 h 02 min". */
    public static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3_600, (seconds % 3_600) / 60);
    }

    static Instant instant(JsonNode node) {
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (node.isNumber()) {
            // WRITE_DATES_AS_TIMESTAMPS: seconds with the nanoseconds as fraction
            return Instant.ofEpochSecond(
                    node.asLong(),
                    node.decimalValue()
                            .remainder(java.math.BigDecimal.ONE)
                            .movePointRight(9)
                            .longValue());
        }
        return null;
    }

    static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String time(JsonNode node) {
        Instant at = instant(node);
        return at == null ? "" : TIME.format(at);
    }

    private static String render(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths));
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                out.append(line(rule, widths));
            }
        }
        return out.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i]));
        }
        return line.toString().stripTrailing() + System.lineSeparator();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
