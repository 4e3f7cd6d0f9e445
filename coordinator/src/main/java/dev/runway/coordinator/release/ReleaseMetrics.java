package dev.runway.coordinator.release;

import dev.runway.coordinator.phase.Notice;
import dev.runway.coordinator.phase.ReleaseState;

/** What the coordinator counts. The release code sees only this interface, not Micrometer. */
public interface ReleaseMetrics {

    /** Called once, after the transaction that ended the release committed. */
    void releaseEnded(ReleaseState state);

    void activeReleases(int count);

    /** An event refused for its sender; {@code reason} is one of {@code EventSender.Reason}'s tags. */
    void eventRefused(String reason);

    /** One release's deadline check failed; the checks of the other releases went on. */
    void deadlineCheckFailed();

    /**
     * A rollback announcement reached nobody, and what the coordinator's own page did about it is now known
     * ({@code notice.fallback().delivery()}). Called once per announcement, after the transaction that recorded it.
     */
    void rollbackAnnouncementUndelivered(ReleaseState state, Notice notice);
}
