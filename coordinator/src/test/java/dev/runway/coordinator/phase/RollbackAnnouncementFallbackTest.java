package dev.runway.coordinator.phase;

import static dev.runway.coordinator.phase.ReleaseStateMachineTest.RELEASE;
import static dev.runway.coordinator.phase.ReleaseStateMachineTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.persistence.StateCodec;
import dev.runway.coordinator.phase.ReleaseStateMachineTest.Run;
import dev.runway.model.Phase;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Command;
import dev.runway.model.event.Announced;
import dev.runway.model.event.Delivery;
import dev.runway.model.event.Event;
import dev.runway.model.event.ThresholdBreached;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runbook's rollback announcements must reach someone: the coordinator waits for the notifier's answer and,
 * when nobody was told, pages PagerDuty itself.
 */
class RollbackAnnouncementFallbackTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static final String INITIATED_KEY = "runway-" + RELEASE + "-fallback-rollback_initiated";

    /** A release whose health check failed after the rollout: ROLLBACK INITIATED was just sent. */
    private static Run rollingBack() {
        Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
        run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
        return run;
    }

    private static Notice notice(Run run, Announcement announcement) {
        return run.state.notices().stream()
                .filter(n -> n.announcement() == announcement)
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    private static Transition notifierAnswers(Run run, Announcement announcement, Delivery escalation, Delivery... d) {
        run.now = run.now.plusSeconds(1);
        Notice notice = notice(run, announcement);
        return run.record(run.machine.on(
                run.state,
                new Input.WorkerReported(Event.of(
                        UUID.randomUUID(),
                        RELEASE,
                        notice.commandId(),
                        run.now,
                        "notifier",
                        new Announced(announcement, List.of(d), escalation))),
                run.now));
    }

    private static Delivery chat(Delivery.Outcome outcome, int status) {
        return new Delivery(Delivery.Route.CHAT, "deployments", outcome, status, 4, Instant.EPOCH);
    }

    private static Delivery paging(Delivery.Outcome outcome, int status) {
        return new Delivery(Delivery.Route.PAGING, "shop-oncall", outcome, status, 3, Instant.EPOCH);
    }

    @Test
    void onlyRollbackAnnouncementsAreAwaitedWithADeadline() {
        Run run = rollingBack();

        Notice initiated = notice(run, Announcement.ROLLBACK_INITIATED);
        assertThat(initiated.answerBy()).isEqualTo(initiated.sentAt().plus(WITHIN));
        assertThat(notice(run, Announcement.DEPLOYMENT_STARTED).answerBy()).isNull();
    }

    @Test
    void aRollbackAnnouncementTheNotifierLeavesUnansweredPastItsDeadlineIsPagedDirectlyOnce() {
        Run run = rollingBack();
        Notice sent = notice(run, Announcement.ROLLBACK_INITIATED);

        Transition early = run.tick(sent.answerBy().minusSeconds(1));
        assertThat(early.accepted()).isFalse();
        assertThat(early.pages()).isEmpty();

        Transition due = run.tick(sent.answerBy());

        assertThat(due.pages()).singleElement().satisfies(page -> {
            assertThat(page.dedupKey()).isEqualTo(INITIATED_KEY);
            assertThat(page.notice()).isEqualTo(sent.commandId());
            assertThat(page.announcement()).isEqualTo(Announcement.ROLLBACK_INITIATED);
            assertThat(page.summary())
                    .startsWith("ROLLBACK INITIATED for shop 1.4.0 in production reached nobody")
                    .contains("the notifier did not answer by " + sent.answerBy());
            assertThat(page.source()).isEqualTo("runway/shop/production");
            assertThat(page.details())
                    .containsEntry("release", RELEASE.toString())
                    .containsEntry("rollback_reason", "/health answered 503");
        });
        Notice unanswered = notice(run, Announcement.ROLLBACK_INITIATED);
        assertThat(unanswered.status()).isEqualTo(Notice.Status.UNANSWERED);
        assertThat(unanswered.fallback().dedupKey()).isEqualTo(INITIATED_KEY);
        assertThat(unanswered.fallbackPending()).isTrue();
        String expected = "ROLLBACK INITIATED not answered by the notifier by " + sent.answerBy()
                + "; paging PagerDuty directly (dedup key " + INITIATED_KEY + ")";
        assertThat(due.changes()).extracting(Change::reason).contains(expected);
        assertThat(run.state.entry(unanswered.stage()).orElseThrow().notes()).contains(expected);
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);

        Transition again = run.tick(run.now.plusSeconds(5));
        assertThat(again.pages()).isEmpty();
    }

    @Test
    void theSameTickAppliedTwiceToTheSameStoredStatePagesUnderTheSameKey() {
        Run run = rollingBack();
        ReleaseState stored = StateCodec.read(StateCodec.write(run.state));
        Instant due = notice(run, Announcement.ROLLBACK_INITIATED).answerBy();

        Transition first = run.machine.on(stored, new Input.ClockTicked(), due);
        Transition replayed = run.machine.on(stored, new Input.ClockTicked(), due.plusSeconds(3));

        assertThat(first.pages()).extracting(FallbackPage::dedupKey).containsExactly(INITIATED_KEY);
        assertThat(replayed.pages()).extracting(FallbackPage::dedupKey).containsExactly(INITIATED_KEY);
    }

    @Test
    void anAnswerShowingThatChatAndTheNotifiersOwnPageBothFailedIsPagedDirectly() {
        Run run = rollingBack();

        Transition answered = notifierAnswers(
                run,
                Announcement.ROLLBACK_INITIATED,
                paging(Delivery.Outcome.UNREACHABLE, 503),
                chat(Delivery.Outcome.UNREACHABLE, 503),
                paging(Delivery.Outcome.UNREACHABLE, 503));

        assertThat(answered.pages()).extracting(FallbackPage::dedupKey).containsExactly(INITIATED_KEY);
        assertThat(answered.pages().get(0).summary()).contains("chat and the notifier's own page both failed");
        Notice notice = notice(run, Announcement.ROLLBACK_INITIATED);
        assertThat(notice.status()).isEqualTo(Notice.Status.NOT_DELIVERED);
        assertThat(notice.fallbackPending()).isTrue();
        assertThat(answered.changes())
                .extracting(Change::reason)
                .singleElement()
                .asString()
                .contains("not delivered to chat channel 'deployments'", "paging PagerDuty directly");

        Transition deadline = run.tick(notice.answerBy());
        assertThat(deadline.pages()).isEmpty();
    }

    @Test
    void anAnswerWithoutAnEscalationAfterChatFailedIsPagedDirectly() {
        Run run = rollingBack();

        Transition answered =
                notifierAnswers(run, Announcement.ROLLBACK_INITIATED, null, chat(Delivery.Outcome.REFUSED, 404));

        assertThat(answered.pages()).extracting(FallbackPage::dedupKey).containsExactly(INITIATED_KEY);
    }

    @Test
    void chatMissedButTheNotifiersPageArrivedSoNobodyIsPagedTwice() {
        Run run = rollingBack();

        Transition answered = notifierAnswers(
                run,
                Announcement.ROLLBACK_INITIATED,
                paging(Delivery.Outcome.DELIVERED, 202),
                chat(Delivery.Outcome.UNREACHABLE, 503),
                paging(Delivery.Outcome.DELIVERED, 202));

        assertThat(answered.pages()).isEmpty();
        assertThat(notice(run, Announcement.ROLLBACK_INITIATED).fallback()).isNull();
    }

    @Test
    void aDeliveredRollbackAnnouncementPagesNothingAndItsDeadlinePassesQuietly() {
        Run run = rollingBack();

        Transition answered = notifierAnswers(
                run,
                Announcement.ROLLBACK_INITIATED,
                null,
                chat(Delivery.Outcome.DELIVERED, 200),
                paging(Delivery.Outcome.DELIVERED, 202));
        Transition deadline =
                run.tick(notice(run, Announcement.ROLLBACK_INITIATED).answerBy());

        assertThat(answered.pages()).isEmpty();
        assertThat(deadline.pages()).isEmpty();
        assertThat(notice(run, Announcement.ROLLBACK_INITIATED).status()).isEqualTo(Notice.Status.DELIVERED);
    }

    @Test
    void announcementsOtherThanRollbacksNeverPageWhetherUnansweredOrUndelivered() {
        Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
        Transition silent = run.tick(run.now.plusSeconds(300));

        Transition undelivered =
                notifierAnswers(run, Announcement.DEPLOYMENT_STARTED, null, chat(Delivery.Outcome.UNREACHABLE, 503));

        assertThat(silent.pages()).isEmpty();
        assertThat(undelivered.pages()).isEmpty();
        assertThat(notice(run, Announcement.DEPLOYMENT_STARTED).fallback()).isNull();
    }

    @Test
    void aLateAnswerIsRecordedWithoutASecondPageAndARedeliveredOneChangesNothing() {
        Run run = rollingBack();
        run.tick(notice(run, Announcement.ROLLBACK_INITIATED).answerBy());

        Transition late = notifierAnswers(
                run,
                Announcement.ROLLBACK_INITIATED,
                null,
                chat(Delivery.Outcome.UNREACHABLE, 503),
                paging(Delivery.Outcome.UNREACHABLE, 503));
        Transition redelivered =
                notifierAnswers(run, Announcement.ROLLBACK_INITIATED, null, chat(Delivery.Outcome.UNREACHABLE, 503));

        assertThat(late.accepted()).isTrue();
        assertThat(late.pages()).isEmpty();
        Notice notice = notice(run, Announcement.ROLLBACK_INITIATED);
        assertThat(notice.status()).isEqualTo(Notice.Status.NOT_DELIVERED);
        assertThat(notice.fallback().dedupKey()).isEqualTo(INITIATED_KEY);
        assertThat(redelivered.accepted()).isFalse();
        assertThat(redelivered.pages()).isEmpty();
    }

    @Test
    void theDirectPagesOutcomeIsRecordedOnceOnTheNoticeInTheTimelineAndOnTheAuditStream() {
        Run run = rollingBack();
        run.tick(notice(run, Announcement.ROLLBACK_INITIATED).answerBy());
        UUID id = notice(run, Announcement.ROLLBACK_INITIATED).commandId();
        Delivery accepted = new Delivery(
                Delivery.Route.PAGING, Notice.Fallback.TARGET, Delivery.Outcome.DELIVERED, 202, 1, run.now);

        Transition recorded = run.record(run.machine.on(run.state, new Input.FallbackPaged(id, accepted), run.now));
        Transition again = run.machine.on(run.state, new Input.FallbackPaged(id, accepted), run.now);

        String expected = "ROLLBACK INITIATED: paged PagerDuty directly (dedup key " + INITIATED_KEY
                + "): delivered to PagerDuty service 'fallback-paging' (202, 1 attempt)";
        assertThat(recorded.changes()).extracting(Change::reason).containsExactly(expected);
        Notice notice = notice(run, Announcement.ROLLBACK_INITIATED);
        assertThat(notice.fallback().delivery()).isEqualTo(accepted);
        assertThat(notice.fallbackPending()).isFalse();
        assertThat(run.state.entry(notice.stage()).orElseThrow().notes()).contains(expected);
        assertThat(again.accepted()).isFalse();
        assertThat(again.rejection()).contains("redelivered");
    }

    @Test
    void withoutFallbackPagingConfiguredTheNoticeSaysOnlyAlertmanagerIsTold() {
        Run run = rollingBack();
        run.tick(notice(run, Announcement.ROLLBACK_INITIATED).answerBy());
        UUID id = notice(run, Announcement.ROLLBACK_INITIATED).commandId();

        Transition recorded = run.record(run.machine.on(
                run.state,
                new Input.FallbackPaged(
                        id,
                        new Delivery(
                                Delivery.Route.PAGING,
                                Notice.Fallback.TARGET,
                                Delivery.Outcome.NOT_CONFIGURED,
                                0,
                                0,
                                run.now)),
                run.now));

        assertThat(recorded.changes())
                .extracting(Change::reason)
                .singleElement()
                .asString()
                .contains("fallback-paging is not configured", "runway_rollback_announcements_undelivered_total");
    }

    @Test
    void rollbackCompleteSentAsTheReleaseEndsIsStillAwaitedAfterIt() {
        Run run = rollingBack();
        while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
            run.succeed();
        }
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        Notice complete = notice(run, Announcement.ROLLBACK_COMPLETE);

        Transition due = run.tick(complete.answerBy());
        Transition after = run.tick(run.now.plusSeconds(5));

        assertThat(due.pages())
                .extracting(FallbackPage::dedupKey)
                .containsExactlyInAnyOrder(INITIATED_KEY, "runway-" + RELEASE + "-fallback-rollback_complete");
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(after.accepted()).isFalse();
        assertThat(after.pages()).isEmpty();
    }

    @Test
    void theDeadlineIsTheCoordinatorsSetting() {
        ReleaseStateMachine machine = new ReleaseStateMachine(
                new ProductionRunbook(), GuardSettings.DEFAULTS, new NoticeSettings(Duration.ofSeconds(5)));
        Run run = new Run(machine, spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
        run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));
        Command initiated = run.sent.stream()
                .filter(c -> c.body() instanceof Announce a && a.announcement() == Announcement.ROLLBACK_INITIATED)
                .findFirst()
                .orElseThrow();

        assertThat(run.state.notice(initiated.commandId()).orElseThrow().answerBy())
                .isEqualTo(run.now.plusSeconds(5));
        assertThat(run.tick(run.now.plusSeconds(5)).pages()).hasSize(1);
    }
}
