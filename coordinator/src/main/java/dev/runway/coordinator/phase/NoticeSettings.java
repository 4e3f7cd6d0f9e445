package dev.runway.coordinator.phase;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the coordinator waits for the notifier's answer to a rollback announcement before it pages PagerDuty
 * itself.
 *
 * @param rollbackAnswerWithin from sending ROLLBACK INITIATED, COMPLETE or FAILED to its answer's deadline; the
 *                             notifier's own retries (chat, then a page about the missed chat) must fit in it
 */
public record NoticeSettings(Duration rollbackAnswerWithin) {

    public static final NoticeSettings DEFAULTS = new NoticeSettings(Duration.ofSeconds(30));

    public NoticeSettings {
        Objects.requireNonNull(rollbackAnswerWithin);
    }
}
