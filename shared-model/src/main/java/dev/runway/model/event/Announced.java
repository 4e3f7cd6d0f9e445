package dev.runway.model.event;

import dev.runway.model.command.Announce.Announcement;
import java.util.List;

/**
 * The notifier's conclusion of an {@link dev.runway.model.command.Announce}: one {@link Delivery} per place it
 * tried, delivered or not. A failed delivery is an outcome to record and show, not a failed step: the release
 * goes on, and the coordinator puts the outcome in the timeline, the release's notices and the audit stream.
 *
 * @param escalation when a rollback announcement could not reach chat, the PagerDuty trigger sent about that
 *     failure; null otherwise
 */
public record Announced(Announcement announcement, List<Delivery> deliveries, Delivery escalation)
        implements EventBody {

    public Announced {
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    @Override
    public boolean concludes() {
        return true;
    }

    public boolean allDelivered() {
        return deliveries.stream().allMatch(Delivery::delivered);
    }
}
