package dev.runway.coordinator.phase;

import dev.runway.model.command.Announce.Announcement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A page the coordinator sends PagerDuty itself because a rollback announcement reached nobody: the notifier did not
 * answer in time, or neither chat nor the notifier's own page arrived. Decided by the state machine, sent after
 * commit through the outbox. Always critical: a rollback nobody knows about is the incident.
 *
 * @param notice   the Announce command whose notice it answers
 * @param dedupKey see {@link #dedupKey(UUID, Announcement)}
 * @param source   {@code runway/<application>/<environment>}, as the notifier's pages name it
 * @param details  what on-call needs to act, shown as the incident's custom details
 */
public record FallbackPage(
        UUID releaseId,
        UUID notice,
        Announcement announcement,
        String dedupKey,
        String summary,
        String source,
        String application,
        String environment,
        Instant at,
        Map<String, String> details) {

    public FallbackPage {
        Objects.requireNonNull(dedupKey);
        details = Map.copyOf(details);
    }

    /**
     * One per release and announcement, so a retried send, a replayed input or a restarted coordinator pages under
     * the same key, and PagerDuty keeps one incident. Distinct from the notifier's keys ({@code runway-<release>} and
     * {@code runway-<release>-chat-<announcement>}), so resolving the rollback's incident does not close it.
     */
    public static String dedupKey(UUID releaseId, Announcement announcement) {
        return "runway-" + releaseId + "-fallback-" + announcement.name().toLowerCase(Locale.ROOT);
    }
}
