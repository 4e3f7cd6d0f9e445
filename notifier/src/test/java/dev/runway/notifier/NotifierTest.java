package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.Phase;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Announce.Facts;
import dev.runway.model.command.Command;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.NotificationTargets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotifierTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:21:00Z");

    private final List<String> posts = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final List<EventBody> events = new ArrayList<>();
    private Delivery chatAnswer = Delivery.delivered(200, 1);
    private Delivery pagingAnswer = Delivery.delivered(202, 1);

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
    void aRollbackIsPostedAndPagedThenReportedAsSucceededWithBothStatuses() {
        carryOut(announce(Announcement.ROLLBACK_INITIATED));

        assertThat(posts).containsExactly("deployments: 🚨 ROLLBACK INITIATED");
        assertThat(pages).singleElement().extracting(Page::action).isEqualTo(Page.Action.TRIGGER);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(StepStarted.class);
        StepSucceeded succeeded = (StepSucceeded) events.get(1);
        assertThat(succeeded.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(
                        tuple("chatStatus", "200", Measurement.Status.SUCCESSFUL),
                        tuple("pagingStatus", "202", Measurement.Status.SUCCESSFUL));
        assertThat(succeeded.measurements()).allSatisfy(m -> assertThat(m.at()).isEqualTo(NOW));
    }

    @Test
    void aDeploymentStartIsPostedWithoutPaging() {
        carryOut(announce(Announcement.DEPLOYMENT_STARTED));

        assertThat(posts).hasSize(1);
        assertThat(pages).isEmpty();
        assertThat(((StepSucceeded) events.get(1)).measurements())
                .extracting(Measurement::name)
                .containsExactly("chatStatus");
    }

    @Test
    void aRejectedChatPostFailsTheStepButStillPages() {
        chatAnswer = Delivery.rejected(500, 1, "Slack answered 500 internal_error");

        carryOut(announce(Announcement.ROLLBACK_INITIATED));

        assertThat(pages).hasSize(1);
        StepFailed failed = (StepFailed) events.get(1);
        assertThat(failed.reason()).contains("chat channel 'deployments'", "Slack answered 500");
        assertThat(failed.measurements())
                .extracting(Measurement::status)
                .containsExactly(Measurement.Status.FAILED, Measurement.Status.SUCCESSFUL);
    }

    @Test
    void anUnreachablePagerFailsTheStepWithAnErrorMeasurement() {
        pagingAnswer = Delivery.unreachable(4, "PagerDuty could not be reached (ConnectException)");

        carryOut(announce(Announcement.ROLLBACK_FAILED));

        StepFailed failed = (StepFailed) events.get(1);
        assertThat(failed.reason()).contains("PagerDuty service 'shop-oncall'", "ConnectException");
        assertThat(failed.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .contains(tuple("pagingStatus", "no answer", Measurement.Status.ERROR));
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
}
