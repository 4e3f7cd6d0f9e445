package dev.runway.notifier;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Facts;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether an announcement pages the on-call engineer. A rollback opens an incident, a
 * failed rollback raises it to critical, a completed rollback resolves it; everything else is chat
 * only.
 */
public final class Pages {

    private Pages() {}

    public static String dedupKey(UUID releaseId) {
        return "runway-" + releaseId;
    }

    public static Optional<Page> forAnnouncement(UUID releaseId, Announce announce, Instant at) {
        return switch (announce.announcement()) {
            case ROLLBACK_INITIATED ->
                Optional.of(trigger(releaseId, announce, at, Page.Severity.ERROR, "Rollback initiated"));
            case ROLLBACK_FAILED ->
                Optional.of(trigger(releaseId, announce, at, Page.Severity.CRITICAL, "Rollback FAILED"));
            case ROLLBACK_COMPLETE ->
                Optional.of(new Page(
                        Page.Action.RESOLVE,
                        dedupKey(releaseId),
                        null,
                        null,
                        at,
                        source(announce),
                        announce.application(),
                        announce.environment(),
                        announce.facts()));
            case DECISION_REQUESTED ->
                Optional.of(trigger(releaseId, announce, at, Page.Severity.ERROR, "Rollback decision requested"));
            case HYPERCARE_ALERT ->
                Optional.of(trigger(releaseId, announce, at, Page.Severity.ERROR, "Hypercare alert"));
            case DEPLOYMENT_STARTED, DEPLOYMENT_COMPLETE, DEPLOYMENT_ABORTED, VOTE_REQUESTED -> Optional.empty();
        };
    }

    private static Page trigger(UUID releaseId, Announce announce, Instant at, Page.Severity severity, String what) {
        String reason = announce.facts().get(Facts.REASON);
        String summary = what + " for " + announce.application() + " " + Announcements.version(announce.version())
                + " in " + announce.environment() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return new Page(
                Page.Action.TRIGGER,
                dedupKey(releaseId),
                summary,
                severity,
                at,
                source(announce),
                announce.application(),
                announce.environment(),
                announce.facts());
    }

    private static String source(Announce announce) {
        return "runway/" + announce.application() + "/" + announce.environment();
    }
}
