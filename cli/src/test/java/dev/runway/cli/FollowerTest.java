package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FollowerTest {

    private static final String ID = "7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f";

    private final List<String> shown = new ArrayList<>();
    private final Screen screen = new Screen() {
        @Override
        public void line(String text) {
            shown.add(text);
        }

        @Override
        public void status(String text) {
            if (text != null) {
                shown.add("[ RUN  ] " + text);
            }
        }

        @Override
        public void note(String text) {
            shown.add("note: " + text);
        }

        @Override
        public void close() {}
    };

    private final Follower follower = new Follower(screen, ID, false);

    @Test
    void aRunningPhaseShowsItsProgressThenItsEndWithDurationAndVerdict() {
        release(
                "RUNNING",
                "APPLICATION_DEPLOYMENT",
                row("APPLICATION_DEPLOYMENT", "Phase 3", "Application deployment", "RUNNING", null, "rollout started"));
        transition(11, "RUNNING", "APPLICATION_DEPLOYMENT", "RUNNING", "2 of 3 updated replicas are available");
        release(
                "RUNNING",
                "APPLICATION_DEPLOYMENT",
                row("APPLICATION_DEPLOYMENT", "Phase 3", "Application deployment", "RUNNING", null, "rollout started"));
        transition(12, "RUNNING", "APPLICATION_DEPLOYMENT", "SUCCEEDED", "3 of 3 replicas run shop@sha256:4a5f");
        release(
                "RUNNING",
                "CONFIGURATION_UPDATE",
                row("APPLICATION_DEPLOYMENT", "Phase 3", "Application deployment", "SUCCEEDED", 12_300L, "long notes"));

        assertThat(shown)
                .containsExactly(
                        "Release " + ID + ": shop 1.4.0 to production, requested by dana",
                        "[ RUN  ] Phase 3    Application deployment     RUNNING     rollout started",
                        "[ RUN  ] Phase 3    Application deployment     RUNNING     2 of 3 updated replicas are available",
                        "[  OK  ] Phase 3    Application deployment     SUCCEEDED   12.3 s    3 of 3 replicas run"
                                + " shop@sha256:4a5f");
    }

    @Test
    void phasesThatEndedBeforeFollowingStartedAreShownOnceEvenAfterAReconnect() {
        String[] rows = {
            row("PRE_FLIGHT_CHECKS", "Pre-Deploy", "Pre-flight checks", "SUCCEEDED", 3_880L, "all checks passed"),
            row("CACHE_INVALIDATION", "Phase 6", "Cache invalidation", "SKIPPED", null, "no caches"),
            row("SMOKE_TESTING", "Phase 7", "Smoke testing", "PENDING", null, null)
        };
        release("RUNNING", "SMOKE_TESTING", rows);
        transition(3, "RUNNING", "PRE_FLIGHT_CHECKS", "SUCCEEDED", "replayed: nothing new");
        release("RUNNING", "SMOKE_TESTING", rows);

        assertThat(shown)
                .containsExactly(
                        "Release " + ID + ": shop 1.4.0 to production, requested by dana",
                        "[  OK  ] Pre-Deploy Pre-flight checks          SUCCEEDED   3.9 s     all checks passed",
                        "[ SKIP ] Phase 6    Cache invalidation         SKIPPED               no caches");
    }

    @Test
    void aReleaseWaitingForVotesSaysWhoIsMissingAndTheHashTheDbaNeeds() {
        String vote = "\"vote\":{\"missing\":[\"DEPLOYMENT_LEAD\",\"DATABASE_ADMINISTRATOR\"],"
                + "\"deadline\":\"2026-11-27T17:20:00Z\",\"migrationsHash\":\"sha256:abc\"}";

        follower.onEvent(new SseParser.Event("release", null, view("RUNNING", "GO_NO_GO", vote)));
        follower.onEvent(new SseParser.Event("release", null, view("RUNNING", "GO_NO_GO", vote)));

        assertThat(shown)
                .containsExactly(
                        "Release " + ID + ": shop 1.4.0 to production, requested by dana",
                        "[ WAIT ] GO/NO-GO: waiting for votes from DEPLOYMENT_LEAD, DATABASE_ADMINISTRATOR until"
                                + " 17:20:00 UTC; the DBA's GO carries --migrations-hash sha256:abc (runway release"
                                + " vote " + ID + " --role <ROLE> --decision GO|NO_GO)");
    }

    @Test
    void toldToStopAtADecisionItEndsWith13WhenTheReleaseWaitsForOne() {
        Follower stopping = new Follower(screen, ID, true);
        String decision = "\"decision\":{\"trigger\":\"ERROR_RATE_ELEVATED\",\"rule\":\"error-rate-evaluate\","
                + "\"evidence\":\"2.1% > 1% for 9 s\",\"deadline\":\"2026-11-27T17:22:00Z\",\"onTimeout\":\"ROLLBACK\"}";

        OptionalInt exit = stopping.onEvent(
                new SseParser.Event("release", null, view("AWAITING_DECISION", "MONITORING_VALIDATION", decision)));

        assertThat(exit).isEqualTo(OptionalInt.of(ExitCodes.AWAITING_PEOPLE));
        assertThat(shown)
                .contains("[ WAIT ] decision needed: ERROR_RATE_ELEVATED (error-rate-evaluate): 2.1% > 1% for 9 s"
                        + " until 17:22:00 UTC, then ROLLBACK by default (runway release decide " + ID
                        + " --action ROLLBACK|CONTINUE --reason ...)");
    }

    @Test
    void aRolledBackReleaseEndsFollowingWithItsTriggerAndExitCode10() {
        OptionalInt exit = follower.onEvent(new SseParser.Event(
                "release",
                null,
                view(
                        "ROLLED_BACK",
                        null,
                        "\"durationSeconds\":12,\"rollback\":{\"trigger\":\"HEALTH_CHECK_FAILED\",\"immediate\":true,"
                                + "\"reason\":\"/health answered 503\"}")));

        assertThat(exit).isEqualTo(OptionalInt.of(ExitCodes.ROLLED_BACK));
        assertThat(shown)
                .containsSubsequence(
                        "[ROLLBK] HEALTH_CHECK_FAILED (immediate): /health answered 503",
                        "Release " + ID + " ROLLED_BACK after 12.0 s (HEALTH_CHECK_FAILED: /health answered 503)");
    }

    @Test
    void aCompletedReleaseEndsFollowingWithExitCode0() {
        OptionalInt exit = follower.onEvent(
                new SseParser.Event("release", null, view("COMPLETED", null, "\"durationSeconds\":41")));

        assertThat(exit).isEqualTo(OptionalInt.of(ExitCodes.OK));
        assertThat(shown).last().isEqualTo("Release " + ID + " COMPLETED after 41.0 s");
    }

    @Test
    void anUnreadableEventIsSkippedWithANote() {
        assertThat(follower.onEvent(new SseParser.Event("release", null, "{not json")))
                .isEmpty();
        assertThat(shown).singleElement().asString().startsWith("note: runway: skipped an unreadable release event");
    }

    private void release(String status, String phase, String... rows) {
        follower.onEvent(new SseParser.Event(
                "release", null, view(status, phase, "\"timeline\":[" + String.join(",", rows) + "]")));
    }

    private void transition(long sequence, String status, String phase, String phaseStatus, String reason) {
        String data = String.format(
                "{\"schemaVersion\":1,\"releaseId\":\"%s\",\"sequence\":%d,\"status\":\"%s\",\"phase\":\"%s\","
                        + "\"phaseStatus\":\"%s\",\"reason\":\"%s\",\"at\":\"2026-11-27T17:02:30Z\"}",
                ID, sequence, status, phase, phaseStatus, reason);
        follower.onEvent(new SseParser.Event("transition", Long.toString(sequence), data));
    }

    private static String view(String status, String phase, String more) {
        return String.format(
                "{\"id\":\"%s\",\"application\":\"shop\",\"environment\":\"production\",\"version\":\"1.4.0\","
                        + "\"requestedBy\":\"dana\",\"status\":\"%s\",\"currentPhase\":%s,%s}",
                ID, status, phase == null ? "null" : "\"" + phase + "\"", more);
    }

    private static String row(String stage, String label, String task, String status, Long millis, String notes) {
        return String.format(
                "{\"stage\":\"%s\",\"phase\":\"%s\",\"task\":\"%s\",\"status\":\"%s\",\"durationMillis\":%s,"
                        + "\"notes\":%s}",
                stage, label, task, status, millis, notes == null ? "null" : "\"" + notes + "\"");
    }
}
