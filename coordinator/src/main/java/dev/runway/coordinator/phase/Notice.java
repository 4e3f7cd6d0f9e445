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
 * <p>A rollback announcement is awaited: without the notifier's answer by {@link #answerBy()}, or with an answer that
 * shows neither chat nor the notifier's own page arrived, the coordinator pages PagerDuty itself ({@link #fallback()}).
 *
 * @param stage       the timeline row the announcement belongs to; its outcome is added to that row's notes
 * @param deliveries  empty until the notifier answered
 * @param escalation  the page the notifier sent because a rollback announcement missed chat; null otherwise
 * @param concludedAt when the notifier's answer arrived; null while {@link Status#SENT} or {@link Status#UNANSWERED}
 * @param answerBy    when a rollback announcement's answer is due; null for the others, which nobody waits for
 * @param fallback    the coordinator's own page because the announcement reached nobody; null when none was needed
 */
public record Notice(
        UUID commandId,
        Announcement announcement,
        Stage stage,
        Instant sentAt,
        Status status,
        List<Delivery> deliveries,
        @JsonInclude(JsonInclude.Include.NON_NULL) Delivery escalation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant concludedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant answerBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Fallback fallback) {

    public enum Status {
        /** Sent to the notifier, no answer yet. */
        SENT,
        /** Every place it was meant for received it. */
        DELIVERED,
        /** At least one place did not receive it; {@link #deliveries()} says which and why. */
        NOT_DELIVERED,
        /**
         * A rollback announcement the notifier did not answer by {@link #answerBy()}: it may be down or stuck, so
         * nobody may know. A late answer still concludes it as DELIVERED or NOT_DELIVERED.
         */
        UNANSWERED
    }

    /**
     * The page the coordinator sends PagerDuty itself, through the outbox, when a rollback announcement reached
     * nobody.
     *
     * @param dedupKey    {@code runway-<release>-fallback-<announcement>}: the same for every attempt and restart
     * @param requestedAt when the coordinator decided to page
     * @param delivery    its outcome; null until the page was accepted, given up on, or found not configured
     */
    public record Fallback(
            String dedupKey,
            Instant requestedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Delivery delivery) {

        /** Where {@link Delivery#target()} names the coordinator's own paging, as its configuration does. */
        public static final String TARGET = "fallback-paging";

        public boolean pending() {
            return delivery == null;
        }

        /** For the timeline and the audit stream. */
        public String describe() {
            if (delivery == null) {
                return "paging PagerDuty directly (dedup key " + dedupKey + ")";
            }
            if (delivery.outcome() == Delivery.Outcome.NOT_CONFIGURED) {
                return "no direct page: runway.coordinator.fallback-paging is not configured, so only Alertmanager is"
                        + " told (runway_rollback_announcements_undelivered_total)";
            }
            return "paged PagerDuty directly (dedup key " + dedupKey + "): " + delivery.describe();
        }
    }

    public Notice {
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    /** The announcements whose missing is an incident of its own: people must know a rollback is under way. */
    public static boolean awaited(Announcement announcement) {
        return switch (announcement) {
            case ROLLBACK_INITIATED, ROLLBACK_COMPLETE, ROLLBACK_FAILED -> true;
            case DEPLOYMENT_STARTED,
                    DEPLOYMENT_COMPLETE,
                    DEPLOYMENT_ABORTED,
                    DECISION_REQUESTED,
                    HYPERCARE_ALERT,
                    VOTE_REQUESTED,
                    INCIDENT_REPORT -> false;
        };
    }

    /** @param answerBy null unless the announcement is {@link #awaited awaited} */
    static Notice sent(UUID commandId, Announcement announcement, Stage stage, Instant at, Instant answerBy) {
        return new Notice(commandId, announcement, stage, at, Status.SENT, List.of(), null, null, answerBy, null);
    }

    Notice concluded(Announced announced, Instant at) {
        Status outcome = announced.allDelivered() ? Status.DELIVERED : Status.NOT_DELIVERED;
        return new Notice(
                commandId,
                announcement,
                stage,
                sentAt,
                outcome,
                announced.deliveries(),
                announced.escalation(),
                at,
                answerBy,
                fallback);
    }

    Notice unanswered() {
        return new Notice(
                commandId,
                announcement,
                stage,
                sentAt,
                Status.UNANSWERED,
                deliveries,
                escalation,
                null,
                answerBy,
                fallback);
    }

    Notice paging(String dedupKey, Instant at) {
        return withFallback(new Fallback(dedupKey, at, null));
    }

    Notice paged(Delivery delivery) {
        return withFallback(new Fallback(fallback.dedupKey(), fallback.requestedAt(), delivery));
    }

    private Notice withFallback(Fallback newFallback) {
        return new Notice(
                commandId,
                announcement,
                stage,
                sentAt,
                status,
                deliveries,
                escalation,
                concludedAt,
                answerBy,
                newFallback);
    }

    /** An awaited announcement still without an answer at {@code now}, past its deadline. */
    boolean overdue(Instant now) {
        return status == Status.SENT && answerBy != null && !now.isBefore(answerBy);
    }

    /** Whether the notifier's answer shows anyone was told: chat received it, or the notifier's page about it. */
    boolean reachedSomeone() {
        boolean chat = deliveries.stream().anyMatch(d -> d.route() == Delivery.Route.CHAT && d.delivered());
        return chat || (escalation != null && escalation.delivered());
    }

    /** The direct page was decided and its outcome is not recorded yet. */
    public boolean fallbackPending() {
        return fallback != null && fallback.pending();
    }

    /**
     * For the timeline and the audit stream, e.g. "DEPLOYMENT STARTED not delivered to chat channel 'deployments':
     * 503 after 4 attempts".
     */
    public String outcome() {
        String text = status == Status.UNANSWERED
                ? announcement.title() + " not answered by the notifier by " + answerBy
                : announcement.title() + " "
                        + deliveries.stream().map(Delivery::describe).collect(Collectors.joining("; "));
        if (escalation != null) {
            text += "; paged about it: " + escalation.describe();
        }
        return fallback == null ? text : text + "; " + fallback.describe();
    }
}
