package dev.runway.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link Timeline} as the runbook's Appendix B (Markdown) and as RFC 4180 CSV. Times are UTC, and the
 * Markdown says so.
 */
public final class AppendixB {

    static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final String CRLF = "\r\n";

    private AppendixB() {}

    /** The table, then the runbook's Total Duration, Issues and Rollback Required lines. */
    public static String markdown(Timeline t) {
        StringBuilder md = new StringBuilder();
        md.append("## Deployment Timeline: ")
                .append(t.application())
                .append(' ')
                .append(t.version())
                .append(" to ")
                .append(t.environment())
                .append(" (")
                .append(t.status())
                .append(")\n\n");
        md.append("Release ").append(t.releaseId()).append(". Times are UTC");
        t.rows().stream()
                .map(Timeline.Row::startedAt)
                .filter(at -> at != null)
                .findFirst()
                .ifPresent(first -> md.append(", from ")
                        .append(first.atOffset(ZoneOffset.UTC).toLocalDate()));
        md.append(".\n\n");
        md.append("| Time | Phase | Task | Status | Duration | Notes |\n");
        md.append("|------|-------|------|--------|----------|-------|\n");
        for (Timeline.Row row : t.rows()) {
            md.append("| ")
                    .append(time(row.startedAt()))
                    .append(" | ")
                    .append(cell(row.phase()))
                    .append(" | ")
                    .append(cell(row.task()))
                    .append(" | ")
                    .append(row.mark())
                    .append(" | ")
                    .append(duration(row.durationMillis()))
                    .append(" | ")
                    .append(cell(row.notes()))
                    .append(" |\n");
        }
        md.append("\n**Total Duration:** ")
                .append(totalDuration(t))
                .append("\n\n**Issues:** ")
                .append(issues(t.issues()))
                .append("\n\n**Rollback Required:** ")
                .append(t.rollbackRequired() ? "Yes" : "No")
                .append('\n');
        return md.toString();
    }

    /** The same rows with a header row; Time as an ISO-8601 UTC instant, Status as its name. Lines end in CRLF. */
    public static String csv(Timeline t) {
        StringBuilder csv = new StringBuilder("Time,Phase,Task,Status,Duration,Notes").append(CRLF);
        for (Timeline.Row row : t.rows()) {
            csv.append(field(row.startedAt() == null ? "" : row.startedAt().toString()))
                    .append(',')
                    .append(field(row.phase()))
                    .append(',')
                    .append(field(row.task()))
                    .append(',')
                    .append(field(row.status().name()))
                    .append(',')
                    .append(field(row.durationMillis() == null ? "" : duration(row.durationMillis())))
                    .append(',')
                    .append(field(row.notes()))
                    .append(CRLF);
        }
        return csv.toString();
    }

    /** "12 minutes 30 seconds (Target: <60 minutes)", with "so far" while the release runs. */
    static String totalDuration(Timeline t) {
        long minutes = t.totalSeconds() / 60;
        long seconds = t.totalSeconds() % 60;
        String total = minutes
                + (minutes == 1 ? " minute" : " minutes")
                + (seconds == 0 ? "" : " " + seconds + (seconds == 1 ? " second" : " seconds"));
        String target = "(Target: <" + t.targetMinutes() + " minutes)";
        if (!t.ended()) {
            return total + " so far " + target;
        }
        return t.totalSeconds() >= t.targetMinutes() * 60L
                ? total + " " + target + ", over the target"
                : total + " " + target;
    }

    private static String issues(List<String> issues) {
        if (issues.isEmpty()) {
            return "None";
        }
        StringBuilder text = new StringBuilder().append(issues.size()).append('\n');
        for (String issue : issues) {
            text.append("\n- ").append(issue.replaceAll("\\R", " "));
        }
        return text.toString();
    }

    static String time(Instant at) {
        return at == null ? "-" : CLOCK.format(at);
    }

    /** "-" like the runbook's skipped rows; "45s", "5m", "5m 30s" otherwise. */
    static String duration(Long millis) {
        if (millis == null) {
            return "-";
        }
        long seconds = Duration.ofMillis(millis).toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        return seconds % 60 == 0 ? (seconds / 60) + "m" : (seconds / 60) + "m " + (seconds % 60) + "s";
    }

    /** A table cell: pipes escaped, line breaks as {@code <br>}, so a note cannot break the row. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\R", "<br>");
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String field(String text) {
        if (text == null) {
            return "";
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
