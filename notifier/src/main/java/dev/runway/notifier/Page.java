package dev.runway.notifier;

import java.time.Instant;
import java.util.Map;

/**
 * What to tell the on-call paging system about a release. Provider-neutral; an adapter maps it to
 * its wire format.
 *
 * @param dedupKey one incident per release: the trigger, an escalation and the resolve share it
 * @param summary  one line for the pager; {@code null} for a resolve
 * @param source   e.g. {@code runway/shop/production}
 * @param details  the announcement's facts; never secrets
 */
public record Page(
        Action action,
        String dedupKey,
        String summary,
        Severity severity,
        Instant timestamp,
        String source,
        String component,
        String group,
        Map<String, String> details) {

    public Page {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public enum Action {
        TRIGGER,
        RESOLVE
    }

    public enum Severity {
        CRITICAL,
        ERROR
    }
}
