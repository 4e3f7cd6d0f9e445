package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.Phase;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Announce.Facts;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Delivery.Outcome;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.worker.StepReporter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotifierTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:21:00Z");

    private final List<String> posts = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final List<EventBody> events = new ArrayList<>();
    private SinkResult chatAnswer = SinkResult.delivered(200, 1);
    private SinkResult pagingAnswer = SinkResult.delivered(202, 1);

    private final Notifier notifier = new Notifier(
            (channel, message) -> {
                posts.add(channel + ": " + message.headline());
                return chatAnswer;
            },
            (service, page) -> {
                pages.add(page);
                return pagingAnswer;
            },
            Clock.fixed(NOW, ZoneOffset.UTC));

    private void carryOut(Command command) {
        notifier.carryOut(command, events::add);
    }

    private static Command announce(Announcement announcement) {
        return Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.parse("2026-11-26T14:20:00Z"),
                Phase.SERVICE_VALIDATION,
                new Announce(
                        announcement,
                        "shop",
                        "production",
                        "1.4.0",
                        new NotificationTargets("deployments", "shop-oncall"),
                        Map.of(Facts.REASON, "/health answered 503")));
    }

    @Test
    void aRollbackIsPostedAndPagedAndBothDeliveriesAreReported() {
        carryOut(announce(Announcement.ROLLBACK_INITIATED));

        assertThat(posts).containsExactly("deployments: 🚨 ROLLBACK INITIATED");
        assertThat(pages).singleElement().extracting(Page::action).isEqualTo(Page.Action.TRIGGER);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(StepStarted.class);
        Announced announced = (Announced) events.get(1);
        assertThat(announced.announcement()).isEqualTo(Announcement.ROLLBACK_INITIATED);
        assertThat(announced.deliveries())
                .extracting(Delivery::route, Delivery::target, Delivery::outcome, Delivery::httpStatus, Delivery::at)
                .containsExactly(
                        tuple(Delivery.Route.CHAT, "deployments", Outcome.DELIVERED, 200, NOW),
                        tuple(Delivery.Route.PAGING, "shop-oncall", Outcome.DELIVERED, 202, NOW));
        assertThat(announced.escalation()).isNull();
    }

    @Test
    void aDeploymentStartIsPostedWithoutPaging() {
        carryOut(announce(Announcement.DEPLOYMENT_STARTED));

        assertThat(posts).hasSize(1);
        assertThat(pages).isEmpty();
        assertThat(((Announced) events.get(1)).deliveries())
                .extracting(Delivery::route)
                .containsExactly(Delivery.Route.CHAT);
    }

    @Test
    void aRollbackChatPostThatFailedIsPagedOnItsOwnDedupKey() {
        chatAnswer = SinkResult.answered(503, 4, "Slack answered 503");

        carryOut(announce(Announcement.ROLLBACK_INITIATED));

        assertThat(pages).hasSize(2);
        Page escalation = pages.get(1);
        assertThat(escalation.action()).isEqualTo(Page.Action.TRIGGER);
        assertThat(escalation.dedupKey()).isNotEqualTo(pages.get(0).dedupKey()).endsWith("-chat-rollback_initiated");
        assertThat(escalation.summary())
                .isEqualTo("Chat did not receive ROLLBACK INITIATED for shop v1.4.0 in production: not delivered to"
                        + " chat channel 'deployments': 503 after 4 attempts");
        Announced announced = (Announced) events.get(1);
        assertThat(announced.allDelivered()).isFalse();
        assertThat(announced.deliveries().get(0).describe())
                .isEqualTo("not delivered to chat channel 'deployments': 503 after 4 attempts");
        assertThat(announced.escalation().outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void aDeploymentStartThatChatRefusedIsReportedButNotPaged() {
        chatAnswer = SinkResult.answered(404, 1, "Slack answered 404 no_service");

        carryOut(announce(Announcement.DEPLOYMENT_STARTED));

        assertThat(pages).isEmpty();
        Announced announced = (Announced) events.get(1);
        assertThat(announced.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(d.describe())
                    .isEqualTo("not delivered to chat channel 'deployments': refused with 404 after 1 attempt");
        });
        assertThat(announced.escalation()).isNull();
    }

    @Test
    void aChannelTheNotifierDoesNotKnowIsReportedAsNotConfigured() {
        chatAnswer = SinkResult.notConfigured("no chat channel named 'deployments' is configured");

        carryOut(announce(Announcement.DEPLOYMENT_COMPLETE));

        assertThat(((Announced) events.get(1)).deliveries())
                .extracting(Delivery::describe)
                .containsExactly("not delivered to chat channel 'deployments': not configured in the notifier");
    }

    @Test
    void anUnreachablePagerIsReportedWithItsAttempts() {
        pagingAnswer = SinkResult.unreachable(4, "PagerDuty could not be reached (ConnectException)");

        carryOut(announce(Announcement.ROLLBACK_FAILED));

        assertThat(((Announced) events.get(1)).deliveries())
                .extracting(Delivery::describe)
                .containsExactly(
                        "delivered to chat channel 'deployments' (200, 1 attempt)",
                        "not delivered to PagerDuty service 'shop-oncall': no answer after 4 attempts");
    }

    @Test
    void aCommandMeantForAnotherWorkerFailsWithoutPosting() {
        Command command = Command.of(
                UUID.randomUUID(), UUID.randomUUID(), NOW, Phase.CACHE_INVALIDATION, new InvalidateCaches(List.of()));

        carryOut(command);

        assertThat(posts).isEmpty();
        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed ->
                                assertThat(failed.reason()).contains("only carries out Announce", "InvalidateCaches"));
    }

    @Test
    void anAnnounceWithoutAnnouncementFailsWithoutPosting() {
        carryOut(Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                NOW,
                Phase.SERVICE_VALIDATION,
                new Announce(null, "shop", "production", "1.4.0", null, Map.of())));

        assertThat(posts).isEmpty();
        assertThat(events).singleElement().isInstanceOf(StepFailed.class);
    }

    @Test
    void missingTargetsFallBackToTheDefaultChannelAndService() {
        carryOut(Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                NOW,
                Phase.SERVICE_VALIDATION,
                new Announce(Announcement.ROLLBACK_COMPLETE, "shop", "production", "1.4.0", null, Map.of())));

        assertThat(posts).containsExactly("default: ✅ ROLLBACK COMPLETE");
        assertThat(pages).singleElement().extracting(Page::action).isEqualTo(Page.Action.RESOLVE);
    }

    @Test
    void aNotifierResumedAfterItsChatPostWasRecordedPagesWithoutPostingAgain() {
        Command rollback = announce(Announcement.ROLLBACK_INITIATED);
        Map<String, String> checkpoints = new HashMap<>();
        StepReporter firstRun = new StepReporter() {
            @Override
            public void report(EventBody body) {
                events.add(body);
            }

            @Override
            public void checkpoint(String part, String yielded) {
                checkpoints.put(part, yielded);
                if (part.equals("chat")) {
                    throw new IllegalStateException("killed after the chat post was recorded");
                }
            }
        };
        try {
            notifier.carryOut(rollback, firstRun);
        } catch (IllegalStateException killed) {
            events.add(new StepFailed(killed.getMessage(), List.of()));
        }
        StepReporter resumed = new StepReporter() {
            @Override
            public void report(EventBody body) {
                events.add(body);
            }

            @Override
            public Optional<String> checkpointed(String part) {
                return Optional.ofNullable(checkpoints.get(part));
            }
        };

        notifier.carryOut(rollback, resumed);

        assertThat(posts).hasSize(1);
        assertThat(pages).hasSize(1);
        Announced announced = (Announced) events.get(events.size() - 1);
        assertThat(announced.deliveries())
                .extracting(Delivery::route, Delivery::outcome, Delivery::httpStatus)
                .containsExactly(
                        tuple(Delivery.Route.CHAT, Outcome.DELIVERED, 200),
                        tuple(Delivery.Route.PAGING, Outcome.DELIVERED, 202));
    }
}
