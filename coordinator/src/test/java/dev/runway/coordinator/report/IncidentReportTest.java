package dev.runway.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.RollbackStep;
import dev.runway.model.Phase;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.spec.DecisionAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentReportTest {

    static final String URL = "https://runway.example";

    @Test
    void aRolledBackReleaseNamesItsTriggerInTheRunbooksWordsWithTheMeasuredEvidence() {
        Releases.Run run = Releases.rolledBackOnErrorRate();

        IncidentReport report = IncidentReport.of(run.state, URL + "/");

        assertThat(report.title()).isEqualTo("Production Deployment Rollback - v1.4.0");
        assertThat(report.trigger().name()).isEqualTo("ERROR_RATE_SUSTAINED");
        assertThat(report.trigger().category()).isEqualTo("IMMEDIATE ROLLBACK REQUIRED");
        assertThat(report.trigger().runbookWords()).isEqualTo("Error rate >5% sustained for >1 minute");
        assertThat(report.trigger().evidence()).isEqualTo("ERROR_RATE_SUSTAINED (immediate): " + Releases.SUSTAINED);
        assertThat(report.detected().by()).isEqualTo("the guard");
        assertThat(report.decided().by()).isEqualTo("Runway, automatically");
        assertThat(report.decided().at()).isEqualTo(report.rollback().startedAt());
        assertThat(report.severity()).isNull();
        assertThat(report.links().release()).isEqualTo(URL + "/releases/" + Releases.RELEASE);
        assertThat(report.links().dashboard()).isEqualTo(URL + "/dashboard/releases/" + Releases.RELEASE);
    }

    @Test
    void theRollbacksDurationIsMeasuredFromR1ToR5AgainstFiveMinutes() {
        Releases.Run run = Releases.rolledBackOnErrorRate();

        IncidentReport.RollbackTiming timing = IncidentReport.of(run.state, URL).rollback();

        // five steps answered 30 s apart: application, configuration, database, caches, verification
        assertThat(timing.durationSeconds()).isEqualTo(150);
        assertThat(timing.targetSeconds()).isEqualTo(300);
        assertThat(timing.withinTarget()).isTrue();
        assertThat(timing.finishedAt()).isEqualTo(run.state.endedAt());
        assertThat(IncidentMarkdown.report(IncidentReport.of(run.state, URL)))
                .contains("2m 30s (Target: <5 minutes), within the target");
    }

    @Test
    void whatWasRolledBackAndTheVersionsComeFromTheStepsThatRanAndTheFacts() {
        Releases.Run run = Releases.rolledBackOnErrorRate();

        IncidentReport report = IncidentReport.of(run.state, URL);

        assertThat(report.rolledBack())
                .extracting(IncidentReport.Part::part, IncidentReport.Part::outcome)
                .containsExactly(
                        tuple("Application", IncidentReport.Part.Outcome.ROLLED_BACK),
                        tuple("Configuration", IncidentReport.Part.Outcome.ROLLED_BACK),
                        tuple("Database", IncidentReport.Part.Outcome.ROLLED_BACK),
                        tuple("Caches", IncidentReport.Part.Outcome.ROLLED_BACK));
        assertThat(report.steps()).extracting(Timeline.Row::stage).first().isEqualTo("DECLARE_ROLLBACK");
        assertThat(report.versions().released()).isEqualTo("1.4.0");
        assertThat(report.versions().runningBefore()).isEqualTo("1.3.2");
        assertThat(report.versions().revisionBefore()).isEqualTo("4");
        assertThat(report.versions().revisionCreated()).isEqualTo("5");
        // the migrator reported no schema versions in this run
        assertThat(IncidentMarkdown.report(report))
                .contains("- Running before the release: v1.3.2")
                .contains("- Schema version: before not recorded, after the migrations not recorded")
                .contains("- [ ] Schedule the post-mortem within 24-48 hours")
                .contains("- [ ] Preserve evidence: logs of the failed deployment (kubectl logs -n production -l"
                        + " app=shop --previous)");
    }

    @Test
    void aFailedRollbackSaysWhatFailedAndWhatWasNotReached() {
        Releases.Run run = Releases.rollbackFailed();

        IncidentReport report = IncidentReport.of(run.state, URL);

        assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
        assertThat(report.rolledBack())
                .filteredOn(p -> p.step() == RollbackStep.ROLL_BACK_APPLICATION)
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.outcome()).isEqualTo(IncidentReport.Part.Outcome.FAILED);
                    assertThat(p.notes()).contains("rollout undo timed out");
                });
        assertThat(report.rolledBack())
                .filteredOn(p -> p.step() == RollbackStep.ROLL_BACK_DATABASE)
                .singleElement()
                .satisfies(p -> assertThat(p.outcome()).isEqualTo(IncidentReport.Part.Outcome.NOT_REACHED));
        assertThat(report.nextSteps().get(0)).startsWith("The rollback itself failed");
        assertThat(IncidentMarkdown.report(report)).contains("| Rollback failed |");
    }

    @Test
    void aPersonsDecisionIsNamedWithWhoDecided() {
        Releases.Run run = new Releases.Run().advanceTo(Phase.SMOKE_TESTING);
        GuardRule evaluate = GuardRule.RUNBOOK_DEFAULTS.get(1);
        run.guard(Releases.breach(evaluate, "error-rate-evaluate: error rate > 1.00% for 300 s breached: last 2.10%"));
        run.now = run.now.plus(Duration.ofMinutes(2));
        run.record(run.machine.on(
                run.state, new Input.Decided(DecisionAction.ROLLBACK, "checkout errors", "lee-lead"), run.now));
        while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
            run.answer(new StepSucceeded("done", List.of(), Map.of()));
        }

        IncidentReport report = IncidentReport.of(run.state, URL);

        assertThat(report.trigger().name()).isEqualTo("ERROR_RATE_ELEVATED");
        assertThat(report.trigger().category()).isEqualTo("EVALUATE ROLLBACK");
        assertThat(report.decided().by()).isEqualTo("a person (deployment lead)");
        assertThat(report.decided().notes()).isEqualTo("ROLLBACK decided by lee-lead: checkout errors");
        assertThat(Duration.between(report.detected().at(), report.decided().at()))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void onlyAReleaseThatRolledBackHasAReport() {
        ReleaseState completed = Releases.completed();
        ReleaseState aborted = Releases.abortedOnNoGo();

        assertThat(IncidentReport.notApplicable(completed))
                .hasValueSatisfying(why -> assertThat(why).contains("COMPLETED"));
        assertThat(IncidentReport.notApplicable(aborted))
                .hasValueSatisfying(why -> assertThat(why).contains("before anything changed"));
        assertThat(IncidentReport.notApplicable(Releases.rolledBackOnErrorRate().state))
                .isEmpty();
        assertThatThrownBy(() -> IncidentReport.of(completed, URL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChatSummaryIsShortAndLinksTheReport() {
        IncidentReport report = IncidentReport.of(Releases.rolledBackOnErrorRate().state, URL);

        String summary = IncidentMarkdown.summary(report);

        assertThat(summary.lines()).hasSize(6);
        assertThat(summary)
                .startsWith("Production Deployment Rollback - v1.4.0 (ROLLED_BACK)\n")
                .contains("Trigger: ERROR_RATE_SUSTAINED (IMMEDIATE ROLLBACK REQUIRED): ERROR_RATE_SUSTAINED"
                        + " (immediate): error-rate-immediate")
                .contains("Rolled back: application rolled back ✅, configuration rolled back ✅, database rolled"
                        + " back ✅, caches rolled back ✅")
                .contains("Versions: v1.4.0 rolled back; before it v1.3.2")
                .endsWith("Details: " + URL + "/dashboard/releases/" + Releases.RELEASE + " (API: " + URL + "/releases/"
                        + Releases.RELEASE + "/incident-report)");
    }
}
