package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Announce.Facts;
import dev.runway.model.spec.NotificationTargets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnouncementsTest {

    private static final Instant AT = Instant.parse("2026-11-26T14:20:00Z");

    private static Announce announce(Announcement announcement, String version, Map<String, String> facts) {
        return new Announce(announcement, "shop", "production", version, NotificationTargets.DEFAULTS, facts);
    }

    @ParameterizedTest
    @CsvSource({
        "DEPLOYMENT_STARTED, 🚀 DEPLOYMENT STARTED - v1.4.0",
        "DEPLOYMENT_COMPLETE, ✅ DEPLOYMENT COMPLETE - v1.4.0",
        "ROLLBACK_INITIATED, 🚨 ROLLBACK INITIATED",
        "ROLLBACK_COMPLETE, ✅ ROLLBACK COMPLETE",
        "ROLLBACK_FAILED, 🔥 ROLLBACK FAILED",
        "DEPLOYMENT_ABORTED, ⛔ DEPLOYMENT ABORTED - v1.4.0",
        "INCIDENT_REPORT, 📋 INCIDENT REPORT - v1.4.0"
    })
    void everyAnnouncementOpensWithTheRunbooksHeadline(Announcement announcement, String headline) {
        ChatMessage message = Announcements.compose(announce(announcement, "1.4.0", Map.of()), AT);

        assertThat(message.headline()).isEqualTo(headline);
        assertThat(message.text()).startsWith(headline + "\n");
    }

    @Test
    void deploymentStartedNamesStartTimeLeadAndExpectedDuration() {
        String text = Announcements.compose(
                        announce(Announcement.DEPLOYMENT_STARTED, "1.4.0", Map.of(Facts.REQUESTED_BY, "Dana Lead")), AT)
                .text();

        assertThat(text)
                .contains("Start time: 2026-11-26 14:20:00 UTC")
                .contains("Deployment lead: Dana Lead")
                .contains("Expected duration: 45-60 minutes");
    }

    @Test
    void deploymentCompleteReportsStatusDurationSmokeTestsAndRollout() {
        String text = Announcements.compose(
                        announce(
                                Announcement.DEPLOYMENT_COMPLETE,
                                "1.4.0",
                                Map.of(
                                        Facts.DURATION,
                                        "42 minutes",
                                        Facts.SMOKE_TESTS,
                                        "20/20 passed",
                                        Facts.ROLLOUT,
                                        "3/3 pods healthy")),
                        AT)
                .text();

        assertThat(text)
                .contains("Status: SUCCESS")
                .contains("Duration: 42 minutes")
                .contains("Smoke Tests: 20/20 passed")
                .contains("Version: v1.4.0")
                .contains("Rollout: 3/3 pods healthy");
    }

    @Test
    void rollbackInitiatedGivesReasonTimeAndFiveMinuteEta() {
        String text = Announcements.compose(
                        announce(
                                Announcement.ROLLBACK_INITIATED,
                                "1.4.0",
                                Map.of(Facts.REASON, "/health answered 503", Facts.TRIGGER, "HEALTH_CHECK_FAILING")),
                        AT)
                .text();

        assertThat(text)
                .contains("Reason: /health answered 503")
                .contains("Trigger: HEALTH_CHECK_FAILING")
                .contains("Time: 2026-11-26 14:20:00 UTC")
                .contains("ETA: 5 minutes")
                .contains("shop v1.4.0 in production");
    }

    @Test
    void rollbackCompleteNamesTheRestoredVersionDurationAndWhatItsVerificationMeasured() {
        String text = Announcements.compose(
                        announce(
                                Announcement.ROLLBACK_COMPLETE,
                                "1.4.0",
                                Map.of(
                                        Facts.PREVIOUS_VERSION,
                                        "1.3.2",
                                        Facts.DURATION,
                                        "4 minutes",
                                        Facts.VERIFICATION,
                                        "4 of 4 checks passed; /health reports 1.3.2")),
                        AT)
                .text();

        assertThat(text)
                .contains("Previous version restored: v1.3.2")
                .contains("Rollback duration: 4 minutes")
                .contains("Verification: 4 of 4 checks passed; /health reports 1.3.2")
                .doesNotContain("HEALTHY");
    }

    @Test
    void theIncidentReportPostsTheCoordinatorsSummaryAsItIs() {
        String summary = "Production Deployment Rollback - v1.4.0 (ROLLED_BACK)\nTrigger: ERROR_RATE_SUSTAINED";

        String text = Announcements.compose(
                        announce(Announcement.INCIDENT_REPORT, "1.4.0", Map.of(Facts.INCIDENT_REPORT, summary)), AT)
                .text();

        assertThat(text).isEqualTo("📋 INCIDENT REPORT - v1.4.0\n" + summary);
    }

    @Test
    void rollbackCompleteWithoutAVerificationClaimsNone() {
        String text = Announcements.compose(announce(Announcement.ROLLBACK_COMPLETE, "1.4.0", Map.of()), AT)
                .text();

        assertThat(text).contains("Verification: not reported").doesNotContain("HEALTHY");
    }

    @Test
    void deploymentCompleteSaysHypercareRunsOnlyWhenAGuardStillWatches() {
        String without = Announcements.compose(announce(Announcement.DEPLOYMENT_COMPLETE, "1.4.0", Map.of()), AT)
                .text();
        String with = Announcements.compose(
                        announce(
                                Announcement.DEPLOYMENT_COMPLETE,
                                "1.4.0",
                                Map.of(
                                        Facts.HYPERCARE,
                                        "error-rate-immediate, error-rate-evaluate keep watching until 15:20 UTC",
                                        Facts.MONITORING,
                                        "error-rate-immediate: last 0.00% (threshold 5.00%, window 60 s)")),
                        AT)
                .text();

        assertThat(without)
                .contains("Hypercare: not running")
                .doesNotContain("No issues detected")
                .doesNotContain("Entering hypercare");
        assertThat(with)
                .contains("Hypercare: error-rate-immediate, error-rate-evaluate keep watching until 15:20 UTC")
                .contains("Monitoring: error-rate-immediate: last 0.00% (threshold 5.00%, window 60 s)");
    }

    @Test
    void aVoteRequestNamesTheVotersTheDeadlineTheMigrationsHashAndHowToVote() {
        String text = Announcements.compose(
                        announce(
                                Announcement.VOTE_REQUESTED,
                                "1.8.0",
                                Map.of(
                                        Facts.REQUESTED_BY,
                                        "dana",
                                        Facts.VOTERS,
                                        "DEPLOYMENT_LEAD, DATABASE_ADMINISTRATOR",
                                        Facts.VOTE_BY,
                                        "2026-11-26T14:35:00Z",
                                        Facts.MIGRATIONS_HASH,
                                        "sha256:abc",
                                        Facts.VOTE_COMMAND,
                                        "curl -X POST http://localhost:8080/releases/x/votes")),
                        AT)
                .text();
        String withoutMigrations = Announcements.compose(
                        announce(Announcement.VOTE_REQUESTED, "1.8.0", Map.of(Facts.VOTERS, "DEPLOYMENT_LEAD")), AT)
                .text();

        assertThat(text)
                .contains("GO/NO-GO VOTE REQUESTED - v1.8.0")
                .contains("(requested by dana)")
                .contains("Voters: DEPLOYMENT_LEAD, DATABASE_ADMINISTRATOR (each a different person)")
                .contains("Vote by: 2026-11-26T14:35:00Z; without consensus the deployment is aborted")
                .contains("the DATABASE_ADMINISTRATOR's GO must carry sha256:abc")
                .contains("Vote: curl -X POST http://localhost:8080/releases/x/votes");
        assertThat(withoutMigrations).contains("Migrations: none");
        assertThat(Pages.forAnnouncement(
                        UUID.randomUUID(), announce(Announcement.VOTE_REQUESTED, "1.8.0", Map.of()), AT))
                .isEmpty();
    }

    @Test
    void aDecisionRequestShowsTheEvidenceTheDeadlineTheDefaultAndHowToDecide() {
        String text = Announcements.compose(
                        announce(
                                Announcement.DECISION_REQUESTED,
                                "1.8.0",
                                Map.of(
                                        Facts.TRIGGER,
                                        "ERROR_RATE_ELEVATED",
                                        Facts.SEVERITY,
                                        "EVALUATE",
                                        Facts.EVIDENCE,
                                        "error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10%",
                                        Facts.DECIDE_BY,
                                        "2026-11-26T14:35:00Z",
                                        Facts.ON_TIMEOUT,
                                        "ROLLBACK",
                                        Facts.DECISION_COMMAND,
                                        "curl -X POST http://localhost:8080/releases/x/decisions")),
                        AT)
                .text();

        assertThat(text)
                .contains("ROLLBACK DECISION REQUESTED - v1.8.0")
                .contains("Trigger: ERROR_RATE_ELEVATED (EVALUATE ROLLBACK in the runbook: a person decides)")
                .contains("Evidence: error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10%")
                .contains("Decide by: 2026-11-26T14:35:00Z; without a decision: ROLLBACK")
                .contains("Roll back: curl -X POST http://localhost:8080/releases/x/decisions")
                .contains("\"action\":\"CONTINUE\"");
    }

    @Test
    void aMissingFactIsSaidToBeUnreportedRatherThanLeftBlank() {
        String text = Announcements.compose(announce(Announcement.ROLLBACK_INITIATED, "1.4.0", Map.of()), AT)
                .text();

        assertThat(text).contains("Reason: not reported");
    }

    @ParameterizedTest
    @CsvSource({"1.4.0, v1.4.0", "v1.4.0, v1.4.0", "V2.0, v2.0", "' 3.1 ', v3.1"})
    void versionsCarryExactlyOneLeadingV(String version, String printed) {
        assertThat(Announcements.version(version)).isEqualTo(printed);
    }

    @Test
    void aVersionThatAlreadyStartsWithVIsNotDoubledInTheHeadline() {
        ChatMessage message = Announcements.compose(announce(Announcement.DEPLOYMENT_STARTED, "v1.4.0", Map.of()), AT);

        assertThat(message.text()).contains("v1.4.0").doesNotContain("vv");
    }
}
