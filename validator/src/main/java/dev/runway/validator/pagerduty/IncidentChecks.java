package dev.runway.validator.pagerduty;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult;
import dev.runway.validator.CheckResult.Reading;
import java.util.stream.Collectors;

/** Judges an {@code OPEN_INCIDENTS} check. Pure. */
public final class IncidentChecks {

    static final int TITLE_LENGTH = 80;

    private IncidentChecks() {}

    public static CheckResult judge(Check check, OpenIncidents seen) {
        String threshold = "none triggered or acknowledged";
        String service = "PagerDuty service " + seen.serviceId();
        if (seen.error() != null) {
            Reading reading = new Reading(
                    null,
                    "none",
                    "incidents",
                    threshold,
                    "open incidents on " + service + " unknown: " + seen.error(),
                    true);
            return new CheckResult(check, null, false, null, reading.explanation(), reading);
        }
        if (seen.incidents().isEmpty()) {
            Reading reading = new Reading(
                    null, "0", "incidents", threshold, "no triggered or acknowledged incident on " + service, false);
            return new CheckResult(check, null, true, null, null, reading);
        }
        int count = seen.incidents().size();
        String listed = seen.incidents().stream()
                .map(i -> "#" + i.number() + " " + i.status()
                        + (i.urgency().isEmpty() ? "" : " (" + i.urgency() + " urgency)") + " since " + i.createdAt()
                        + ": " + title(i.title()))
                .collect(Collectors.joining("; "));
        String explanation = (seen.more() ? "more than " + count : Integer.toString(count)) + " open "
                + (count == 1 && !seen.more() ? "incident" : "incidents") + " on " + service + ": " + listed;
        Reading reading = new Reading(
                null, seen.more() ? count + "+" : Integer.toString(count), "incidents", threshold, explanation, false);
        return new CheckResult(check, null, false, null, explanation, reading);
    }

    private static String title(String title) {
        return title.length() <= TITLE_LENGTH ? title : title.substring(0, TITLE_LENGTH) + "…";
    }
}
