package dev.runway.coordinator.notice;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.directory.NotifierDirectory;
import dev.runway.model.spec.NotificationTargets;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the notifier can deliver a release's announcements. A release nobody can be told about must not run:
 * chat would stay silent through its whole rollout and rollback. Pure, so that every refusal is tested alone.
 */
public final class Deliverability {

    private Deliverability() {}

    /**
     * What is wrong with the configured notification targets of {@code application} in {@code environment}.
     *
     * @return one violation per name the notifier lacks, each naming the configuration property that holds it
     */
    public static List<Violation> check(
            String application, String environment, NotificationTargets targets, NotifierDirectory directory) {
        String prefix = "runway.targets.\"" + application + "\".\"" + environment + "\".";
        List<Violation> violations = new ArrayList<>();
        if (!directory.chatChannels().contains(targets.chatChannel())) {
            violations.add(new Violation(
                    prefix + "chat-channel",
                    "names chat channel '" + targets.chatChannel() + "', which the notifier cannot post to (it has "
                            + names(directory.chatChannels()) + ")"));
        }
        if (!directory.pagerDutyServices().contains(targets.pagerDutyService())) {
            violations.add(new Violation(
                    prefix + "pagerduty-service",
                    "names PagerDuty service '" + targets.pagerDutyService()
                            + "', which the notifier cannot page (it has "
                            + names(directory.pagerDutyServices()) + ")"));
        }
        return violations;
    }

    private static String names(Iterable<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(n -> quoted.add("'" + n + "'"));
        return quoted.isEmpty() ? "none" : String.join(", ", quoted);
    }
}
