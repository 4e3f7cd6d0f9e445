package dev.runway.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppendixBTest {

    static final Instant LATER = Instant.parse("2026-11-26T18:00:00Z");

    @Test
    void aCompletedReleaseIsTheRunbooksTableWithNoIssuesAndNoRollback() {
        ReleaseState completed = Releases.completed();

        String md = AppendixB.markdown(Timeline.of(completed, LATER));

        assertThat(md)
                .contains("Times are UTC, from 2026-11-26.")
                .contains("| Time | Phase | Task | Status | Duration | Notes |\n"
                        + "|------|-------|------|--------|----------|-------|\n"
                        + "| 14:00:00 | Pre-Deploy | Pre-flight checks | ✅ | 30s |")
                .contains("| Phase 2 | Database migration | ✅ | 30s |")
                .contains("| Phase 10 | Deployment completion | ✅ |")
                .contains("**Issues:** None")
                .contains("**Rollback Required:** No");
        // from the start to the release's end, not to the moment of the report
        long seconds =
                completed.endedAt().getEpochSecond() - completed.startedAt().getEpochSecond();
        assertThat(md)
                .contains("**Total Duration:** " + seconds / 60 + " minutes " + seconds % 60
                        + " seconds (Target: <60 minutes)\n");
        assertThat(tableRows(md)).hasSize(completed.timeline().size());
    }

    @Test
    void aRolledBackReleaseShowsTheBreachTheRollbackStepsAndDerivedIssues() {
        ReleaseState rolledBack = Releases.rolledBackOnErrorRate().state;

        Timeline timeline = Timeline.of(rolledBack, LATER);
        String md = AppendixB.markdown(timeline);

        assertThat(md)
                .contains("| Guard | Guard breach | ❌ | 0s | ERROR_RATE_SUSTAINED (immediate): error-rate-immediate:"
                        + " error rate > 5.00% for 60 s breached: last 10.12%; query: sum(rate(...)) |")
                .contains("| R1 | Declare rollback | ✅ |")
                .contains("| R2 | Rollback application | ✅ | 30s |")
                .contains("| R3 | Rollback database | ✅ | 30s |")
                .contains("| R5 | Announce rollback complete | ✅ |")
                .contains("| Phase 7 | Smoke testing | ❌ |")
                .contains("| Phase 3 | Application deployment | ✅ |")
                .contains("| - | Phase 8 | Monitoring validation | ⬜ | - |")
                .contains("**Rollback Required:** Yes")
                .contains("- Guard Guard breach: ERROR_RATE_SUSTAINED (immediate)")
                .contains("- Rollback (ERROR_RATE_SUSTAINED): " + Releases.SUSTAINED);
        assertThat(md).doesNotContain("**Issues:** None");
        assertThat(timeline.issues()).isNotEmpty();
        // chronological: the breach comes after Phase 7 began and before R1
        List<String> stages = timeline.rows().stream().map(Timeline.Row::stage).toList();
        assertThat(stages.indexOf("GUARD_BREACH"))
                .isGreaterThan(stages.indexOf("SMOKE_TESTING"))
                .isLessThan(stages.indexOf("DECLARE_ROLLBACK"));
        assertThat(stages.subList(stages.size() - 3, stages.size()))
                .containsExactly("MONITORING_VALIDATION", "POST_DEPLOYMENT_VERIFICATION", "DEPLOYMENT_COMPLETION");
    }

    @Test
    void aFailedRowAloneMakesAnIssueEvenWithoutARollback() {
        ReleaseState aborted = Releases.abortedOnNoGo();

        Timeline timeline = Timeline.of(aborted, LATER);
        String md = AppendixB.markdown(timeline);

        assertThat(aborted.status()).isEqualTo(ReleaseStatus.ABORTED);
        assertThat(md).contains("**Rollback Required:** No").doesNotContain("**Issues:** None");
        assertThat(timeline.issues())
                .anySatisfy(issue -> assertThat(issue).startsWith("Pre-Deploy Go/No-Go decision: "))
                .contains("Release ended ABORTED");
    }

    @Test
    void aRunningReleaseCountsItsDurationUpToNow() {
        Releases.Run run = new Releases.Run();
        run.step();

        Timeline timeline = Timeline.of(run.state, Releases.T0.plusSeconds(125));

        assertThat(AppendixB.markdown(timeline))
                .contains("**Total Duration:** 2 minutes 5 seconds so far (Target: <60 minutes)")
                .contains("| Pre-Deploy | Go/No-Go decision | 🔄 | - |");
    }

    @Test
    void notesCannotBreakTheTableRow() {
        assertThat(AppendixB.cell("a | b\nc\r\nd \\ e")).isEqualTo("a \\| b<br>c<br>d \\\\ e");
    }

    @Test
    void csvHasAHeaderAndQuotesFieldsWithCommasQuotesAndLineBreaks() {
        Timeline.Row row = new Timeline.Row(
                "SMOKE_TESTING",
                "Phase 7",
                "Smoke testing",
                PhaseStatus.FAILED,
                "❌",
                Releases.T0,
                Releases.T0.plusSeconds(330),
                330_000L,
                "19/20 passed, \"checkout\" failed\nsee log");
        Timeline timeline = new Timeline(
                UUID.randomUUID(),
                "shop",
                "production",
                "1.4.0",
                ReleaseStatus.ROLLED_BACK,
                List.of(row),
                330,
                60,
                true,
                List.of("x"),
                true);

        assertThat(AppendixB.csv(timeline))
                .isEqualTo("Time,Phase,Task,Status,Duration,Notes\r\n"
                        + "2026-11-26T14:00:00Z,Phase 7,Smoke testing,FAILED,5m 30s,"
                        + "\"19/20 passed, \"\"checkout\"\" failed\nsee log\"\r\n");
    }

    @Test
    void csvRowsAreTheMarkdownRows() {
        ReleaseState rolledBack = Releases.rolledBackOnErrorRate().state;
        Timeline timeline = Timeline.of(rolledBack, LATER);

        String[] lines = AppendixB.csv(timeline).split("\r\n");

        assertThat(lines).hasSize(timeline.rows().size() + 1);
        assertThat(lines[0]).isEqualTo("Time,Phase,Task,Status,Duration,Notes");
        assertThat(Arrays.asList(lines)).anyMatch(l -> l.contains(",R2,Rollback application,SUCCEEDED,30s,"));
    }

    @Test
    void aReleaseOverItsMaximumSaysSo() {
        Timeline over = new Timeline(
                UUID.randomUUID(),
                "shop",
                "production",
                "1.4.0",
                ReleaseStatus.COMPLETED,
                List.of(),
                80 * 60,
                60,
                true,
                List.of(),
                false);

        assertThat(AppendixB.totalDuration(over)).isEqualTo("80 minutes (Target: <60 minutes), over the target");
    }

    private static List<String> tableRows(String md) {
        return md.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| Time "))
                .toList();
    }
}
