package dev.runway.coordinator.report;

import dev.runway.model.ReleaseStatus;
import java.time.Instant;

/** Renders an {@link IncidentReport} as Markdown: the whole report, or the short summary posted to chat. */
public final class IncidentMarkdown {

    private IncidentMarkdown() {}

    public static String report(IncidentReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.title()).append("\n\n");
        md.append(r.application())
                .append(' ')
                .append(r.version())
                .append(" to ")
                .append(r.environment())
                .append(", release ")
                .append(r.releaseId())
                .append(": ")
                .append(r.status())
                .append(". Times are UTC.\n\n");
        md.append("**Severity:** not recorded: ").append(r.severityNote()).append("\n\n");

        md.append("## Trigger\n\n");
        md.append("**")
                .append(r.trigger().name())
                .append("**, on the runbook's ")
                .append(r.trigger().category())
                .append(" list: ")
                .append(r.trigger().runbookWords())
                .append("\n\n");
        md.append("- Evidence, as recorded: ")
                .append(oneLine(r.trigger().evidence()))
                .append('\n');
        md.append("- Rollback reason: ").append(oneLine(r.trigger().reason())).append("\n\n");

        md.append("## Timeline of events\n\n");
        md.append("| Event | Time | By | Notes |\n|-------|------|----|-------|\n");
        moment(md, "Detected", r.detected());
        moment(md, "Rollback decided", r.decided());
        md.append("| Rollback started | ").append(at(r.rollback().startedAt())).append(" | Runway | R1 declared |\n");
        md.append("| Rollback ")
                .append(r.status() == ReleaseStatus.FAILED ? "failed" : "finished")
                .append(" | ")
                .append(at(r.rollback().finishedAt()))
                .append(" | Runway | ")
                .append(AppendixB.cell(duration(r.rollback())))
                .append(" |\n\n");
        if (r.rollback().fromDetectionSeconds() != null) {
            md.append("From detection to the end of the rollback: ")
                    .append(AppendixB.duration(r.rollback().fromDetectionSeconds() * 1000))
                    .append(".\n\n");
        }

        md.append("## What was rolled back\n\n");
        for (IncidentReport.Part part : r.rolledBack()) {
            md.append("- ")
                    .append(part.part())
                    .append(": ")
                    .append(words(part.outcome()))
                    .append(part.notes() == null ? "" : " (" + oneLine(part.notes()) + ")")
                    .append('\n');
        }
        md.append("\n| Time | Step | Task | Status | Duration | Notes |\n");
        md.append("|------|------|------|--------|----------|-------|\n");
        for (Timeline.Row row : r.steps()) {
            md.append("| ")
                    .append(AppendixB.time(row.startedAt()))
                    .append(" | ")
                    .append(row.phase())
                    .append(" | ")
                    .append(AppendixB.cell(row.task()))
                    .append(" | ")
                    .append(row.mark())
                    .append(" | ")
                    .append(AppendixB.duration(row.durationMillis()))
                    .append(" | ")
                    .append(AppendixB.cell(row.notes()))
                    .append(" |\n");
        }

        md.append("\n## Versions\n\n");
        IncidentReport.Versions v = r.versions();
        md.append("- Released, then rolled back: v").append(v.released()).append('\n');
        md.append("- Running before the release: ")
                .append(version(v.runningBefore()))
                .append('\n');
        md.append("- Deployment revision: created ")
                .append(orNotRecorded(v.revisionCreated()))
                .append(", before ")
                .append(orNotRecorded(v.revisionBefore()))
                .append('\n');
        md.append("- Schema version: before ")
                .append(orNotRecorded(v.schemaBefore()))
                .append(", after the migrations ")
                .append(orNotRecorded(v.schemaAfter()))
                .append("\n\n");

        md.append("## Root cause and impact\n\n");
        md.append("Root cause: not recorded (the post-mortem's to find; the evidence above is what was measured).\n");
        md.append("User impact: not recorded.\n\n");

        md.append("## Links\n\n");
        md.append("- Release: ").append(r.links().release()).append('\n');
        md.append("- Dashboard: ").append(r.links().dashboard()).append("\n\n");

        md.append("## Next steps\n\n");
        for (String step : r.nextSteps()) {
            md.append("- [ ] ").append(step).append('\n');
        }
        return md.toString();
    }

    /**
     * What chat receives when the rollback ends: title, trigger and evidence, times, what was undone, versions, link.
     * No emphasis, so it reads the same in Slack's mrkdwn as in Markdown.
     */
    public static String summary(IncidentReport r) {
        StringBuilder md = new StringBuilder();
        md.append(r.title()).append(" (").append(r.status()).append(")\n");
        md.append("Trigger: ")
                .append(r.trigger().name())
                .append(" (")
                .append(r.trigger().category())
                .append("): ")
                .append(oneLine(r.trigger().evidence()))
                .append('\n');
        md.append("Detected ")
                .append(at(r.detected().at()))
                .append(", decided ")
                .append(at(r.decided().at()))
                .append(" by ")
                .append(r.decided().by())
                .append(", rollback ")
                .append(at(r.rollback().startedAt()))
                .append(" to ")
                .append(at(r.rollback().finishedAt()))
                .append(" UTC: ")
                .append(duration(r.rollback()))
                .append('\n');
        md.append("Rolled back: ");
        StringBuilder parts = new StringBuilder();
        for (IncidentReport.Part part : r.rolledBack()) {
            if (part.outcome() != IncidentReport.Part.Outcome.NOT_NEEDED) {
                parts.append(parts.isEmpty() ? "" : ", ")
                        .append(part.part().toLowerCase())
                        .append(' ')
                        .append(words(part.outcome()));
            }
        }
        md.append(parts.isEmpty() ? "nothing recorded" : parts).append('\n');
        md.append("Versions: v")
                .append(r.version())
                .append(" rolled back; before it ")
                .append(version(r.versions().runningBefore()))
                .append('\n');
        md.append("Details: ")
                .append(r.links().dashboard())
                .append(" (API: ")
                .append(r.links().release())
                .append("/incident-report)");
        return md.toString();
    }

    private static void moment(StringBuilder md, String event, IncidentReport.Moment m) {
        md.append("| ")
                .append(event)
                .append(" | ")
                .append(at(m.at()))
                .append(" | ")
                .append(AppendixB.cell(m.by()))
                .append(" | ")
                .append(AppendixB.cell(m.notes() == null ? IncidentReport.NOT_RECORDED : m.notes()))
                .append(" |\n");
    }

    private static String duration(IncidentReport.RollbackTiming t) {
        if (t.durationSeconds() == null) {
            return "still running";
        }
        String took =
                AppendixB.duration(t.durationSeconds() * 1000) + " (Target: <" + t.targetSeconds() / 60 + " minutes)";
        return Boolean.TRUE.equals(t.withinTarget()) ? took + ", within the target" : took + ", over the target";
    }

    private static String words(IncidentReport.Part.Outcome outcome) {
        return switch (outcome) {
            case ROLLED_BACK -> "rolled back ✅";
            case FAILED -> "rollback failed ❌";
            case RUNNING -> "still running 🔄";
            case NOT_REACHED -> "not reached ⬜";
            case NOT_NEEDED -> "not needed";
        };
    }

    private static String at(Instant at) {
        return at == null ? IncidentReport.NOT_RECORDED : at.toString();
    }

    private static String version(String v) {
        return v == null ? IncidentReport.NOT_RECORDED : "v" + v;
    }

    private static String orNotRecorded(String text) {
        return text == null ? IncidentReport.NOT_RECORDED : text;
    }

    private static String oneLine(String text) {
        return text == null ? IncidentReport.NOT_RECORDED : text.replaceAll("\\R", " ");
    }
}
