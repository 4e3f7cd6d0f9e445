package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One announcement of a release and what became of it: sent, then delivered or not, place by place. A release lead
 * reads here whether the war room was told; an announcement that did not arrive is never silent.
 *
 * @param stage       the timeline row the announcement belongs to; its outcome is added to that row's notes
 * @param deliveries  empty until the notifier answered
 * @param escalation  the page the notifier sent because a rollback announcement missed chat; null otherwise
 * @param concludedAt when the notifier's answer arrived; null while {@link Status#SENT}
 */
public record Notice(
        UUID commandId,
        Announcement announcement,
        Stage stage,
        Instant sentAt,
        Status status,
        List<Delivery> deliveries,
        @JsonInclude(JsonInclude.Include.NON_NULL) Delivery escalation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant concludedAt) {

    public enum Status {
        /** Sent to the notifier, no answer yet. */
        SENT,
        /** Every place it was meant for received it. */
        DELIVERED,
        /** At least one place did not receive it; {@link #deliveries()} says which and why. */
        NOT_DELIVERED
    }

    public Notice {
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    static Notice sent(UUID commandId, Announcement announcement, Stage stage, Instant at) {
        return new Notice(commandId, announcement, stage, at, Status.SENT, List.of(), null, null);
    }

    Notice concluded(Announced announced, Instant at) {
        Status outcome = announced.allDelivered() ? Status.DELIVERED : Status.NOT_DELIVERED;
        return new Notice(
                commandId, announcement, stage, sentAt, outcome, announced.deliveries(), announced.escalation(), at);
    }

    /**
     * For the timeline and the audit stream, e.g. "DEPLOYMENT STARTED not delivered to chat channel 'deployments':
     * 503 after 4 attempts".
     */
    public String outcome() {
        String outcomes = deliveries.stream().map(Delivery::describe).collect(Collectors.joining("; "));
        String text = announcement.title() + " " + outcomes;
        return escalation == null ? text : text + "; paged about it: " + escalation.describe();
    }
}
