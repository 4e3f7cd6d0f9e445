package dev.runway.notifier;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Facts;
import java.time.Instant;
import java.util.Locale;
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
            case DEPLOYMENT_STARTED, DEPLOYMENT_COMPLETE, DEPLOYMENT_ABORTED, VOTE_REQUESTED, INCIDENT_REPORT ->
                Optional.empty();
        };
    }

    /**
     * When a rollback announcement could not reach chat, people must still hear of it: a page of its own, with its
     * own dedup key so that resolving the rollback's incident does not close it.
     *
     * @param failure what happened to the chat post, e.g. "503 after 4 attempts"
     */
    public static Optional<Page> forUndeliveredChat(UUID releaseId, Announce announce, Instant at, String failure) {
        Page.Severity severity = switch (announce.announcement()) {
            case ROLLBACK_FAILED -> Page.Severity.CRITICAL;
            case ROLLBACK_INITIATED, ROLLBACK_COMPLETE -> Page.Severity.ERROR;
            case DEPLOYMENT_STARTED,
                    DEPLOYMENT_COMPLETE,
                    DEPLOYMENT_ABORTED,
                    DECISION_REQUESTED,
                    HYPERCARE_ALERT,
                    VOTE_REQUESTED,
                    INCIDENT_REPORT -> null;
        };
        if (severity == null) {
            return Optional.empty();
        }
        String summary = "Chat did not receive " + announce.announcement().title() + " for "
                + announce.application() + " " + Announcements.version(announce.version()) + " in "
                + announce.environment() + ": " + failure;
        return Optional.of(new Page(
                Page.Action.TRIGGER,
                dedupKey(releaseId) + "-chat-" + announce.announcement().name().toLowerCase(Locale.ROOT),
                summary,
                severity,
                at,
                source(announce),
                announce.application(),
                announce.environment(),
                announce.facts()));
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
