package dev.runway.validator.pagerduty;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult;
import dev.runway.validator.CheckResult.Reading;
import java.time.Duration;
import java.util.Locale;

/** Judges an {@code ALERT_DELIVERY} check. Pure. */
public final class AlertChecks {

    private AlertChecks() {}

    public static CheckResult judge(Check check, AlertDelivery delivery, Duration limit) {
        String threshold = "<= " + seconds(limit) + " s";
        String service = "PagerDuty service " + delivery.serviceId();
        if (delivery.deliveredAfter() == null) {
            String explanation = "test alert to " + service + " "
                    + (delivery.error() != null
                            ? "not delivered: " + delivery.error()
                            : "not listed as an incident within " + seconds(delivery.waited()) + " s")
                    + (delivery.resolved() ? "; resolve sent" : "");
            Reading reading = new Reading(null, "none", "s", threshold, explanation, delivery.error() != null);
            return new CheckResult(check, null, false, null, explanation, reading);
        }
        boolean inTime = delivery.deliveredAfter().compareTo(limit) <= 0;
        String incident = "incident #" + delivery.incidentNumber();
        String explanation = "test alert to " + service + " listed as " + incident + " after "
                + seconds(delivery.deliveredAfter()) + " s " + (inTime ? "<=" : ">") + " " + seconds(limit) + " s"
                + (delivery.resolved() ? ", then resolved" : "; " + incident + " not resolved: " + delivery.error());
        Reading reading = new Reading(null, seconds(delivery.deliveredAfter()), "s", threshold, explanation, false);
        boolean passed = inTime && delivery.resolved();
        return new CheckResult(check, null, passed, null, passed ? null : explanation, reading);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
