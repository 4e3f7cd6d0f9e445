package dev.runway.coordinator.phase;

import static dev.runway.coordinator.phase.ReleaseStateMachineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.coordinator.phase.ReleaseStateMachineTest.Release;
import dev.runway.coordinator.phase.ReleaseStateMachineTest.Run;
import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.RunChecks.Dependency;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pre-flight and Phase 9 carry the database and PagerDuty checks their targets configure, and Phase 9 the baseline. */
class DependencyChecksTest {

    private static final long TEN_GIB = 10L << 30;
    private static final Instant PRE_FLIGHT_LOOKED = Instant.parse("2026-11-26T14:00:04.5Z");

    static Release shop(String database, Long maxSizeBytes, String pagerDutyServiceId) {
        Release plain = ReleaseStateMachineTest.spec(false, false, false);
        ReleaseTargets t = plain.targets();
        return new Release(
                plain.spec(),
                new ReleaseTargets(
                        t.kubernetes(),
                        t.serviceUrl(),
                        database,
                        null,
                        List.of(),
                        t.imageRepository(),
                        t.notifications(),
                        null,
                        new ReleaseTargets.Dependencies(
                                database == null ? null : new ReleaseTargets.DatabaseLimits(80, 5, maxSizeBytes, 20, 5),
                                pagerDutyServiceId),
                        null,
                        null));
    }

    @Test
    void preFlightChecksTheDatabaseAndOpenIncidentsWithTheirThresholds() {
        RunChecks preFlight = (RunChecks) new Run(shop("shop", TEN_GIB, "PIJ90N7")).awaitedBody();

        assertThat(preFlight.checks())
                .extracting(Check::kind)
                .containsExactly(
                        CheckKind.HTTP_STATUS,
                        CheckKind.HTTP_STATUS,
                        CheckKind.HTTP_STATUS,
                        CheckKind.VERSION_REPORTED,
                        CheckKind.NODES_READY,
                        CheckKind.PODS_RUNNING,
                        CheckKind.DATABASE_REACHABLE,
                        CheckKind.DATABASE_CONNECTIONS,
                        CheckKind.DATABASE_SLOW_QUERIES,
                        CheckKind.DATABASE_SIZE,
                        CheckKind.OPEN_INCIDENTS);
        assertThat(preFlight.checks().subList(6, 11))
                .extracting(Check::name, Check::dependency)
                .containsExactly(
                        tuple("database", new Dependency("shop", null, null, null, null, null, null, null, null)),
                        tuple(
                                "database-connections",
                                new Dependency("shop", null, 80, null, null, null, null, null, null)),
                        tuple("slow-queries", new Dependency("shop", null, null, null, null, null, 5L, null, null)),
                        tuple(
                                "database-size",
                                new Dependency("shop", null, null, null, null, null, null, null, TEN_GIB)),
                        tuple(
                                "open-incidents",
                                new Dependency(null, "PIJ90N7", null, null, null, null, null, null, null)));
        assertThat(preFlight.expectedVersion()).isNull();
        assertThat(preFlight.environment()).isEqualTo("production");
        assertThat(databaseOnly(preFlight.notChecked())).isEmpty();
    }

    @Test
    void whatIsNotConfiguredIsNamedAsNotCheckedRatherThanClaimed() {
        RunChecks withoutLimitOrService = (RunChecks) new Run(shop("shop", null, null)).awaitedBody();
        assertThat(withoutLimitOrService.checks())
                .extracting(Check::kind)
                .doesNotContain(CheckKind.DATABASE_SIZE, CheckKind.OPEN_INCIDENTS);
        assertThat(databaseOnly(withoutLimitOrService.notChecked()))
                .containsExactly(
                        "database size not checked: no database-health.max-size configured for shop in production",
                        "open PagerDuty incidents not checked: no pagerduty-service-id configured for shop in"
                                + " production");

        RunChecks withoutDatabase = (RunChecks) new Run(shop(null, null, "PIJ90N7")).awaitedBody();
        assertThat(withoutDatabase.checks())
                .extracting(Check::kind)
                .endsWith(
                        CheckKind.VERSION_REPORTED,
                        CheckKind.NODES_READY,
                        CheckKind.PODS_RUNNING,
                        CheckKind.OPEN_INCIDENTS);
        assertThat(databaseOnly(withoutDatabase.notChecked()))
                .containsExactly("database reachable, connections, slow queries and size not checked: no database"
                        + " configured for shop in production");
    }

    @Test
    void phase9ComparesConnectionsWithThePreFlightBaselineAndCountsOnlySlowQueriesSince() {
        Run run = new Run(shop("shop", TEN_GIB, "PIJ90N7"));
        run.succeed(Map.of(
                Outputs.REPORTED_VERSION, "1.3.2",
                Outputs.DATABASE_CONNECTIONS, "12",
                Outputs.DATABASE_MEASURED_AT, PRE_FLIGHT_LOOKED.toString()));
        run.advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        RunChecks verification = (RunChecks) run.awaitedBody();

        assertThat(verification.expectedVersion()).isEqualTo("1.4.0");
        assertThat(verification.checks())
                .extracting(Check::kind)
                .containsExactly(
                        CheckKind.HTTP_STATUS,
                        CheckKind.HTTP_STATUS,
                        CheckKind.HTTP_STATUS,
                        CheckKind.VERSION_REPORTED,
                        CheckKind.POD_RESTARTS,
                        CheckKind.DATABASE_CONNECTIONS,
                        CheckKind.DATABASE_SLOW_QUERIES);
        Dependency connections = verification.checks().get(5).dependency();
        assertThat(connections).isEqualTo(new Dependency("shop", null, null, 12, 20, 5, null, null, null));
        assertThat(connections.allowedConnections()).isEqualTo(17);
        assertThat(verification.checks().get(6).dependency())
                .isEqualTo(new Dependency("shop", null, null, null, null, null, 5L, PRE_FLIGHT_LOOKED, null));
        assertThat(databaseOnly(verification.notChecked())).isEmpty();
        assertThat(Facts.fromMap(run.state.facts().asMap()).databaseBaseline())
                .contains(new Facts.DatabaseBaseline(12, PRE_FLIGHT_LOOKED));
    }

    @Test
    void phase9WithoutAPreFlightBaselineSaysSoAndCountsSlowQueriesSinceTheReleaseStarted() {
        Run run = new Run(shop("shop", TEN_GIB, null)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        RunChecks verification = (RunChecks) run.awaitedBody();

        assertThat(verification.checks()).extracting(Check::kind).endsWith(CheckKind.DATABASE_SLOW_QUERIES);
        assertThat(verification.checks().get(5).dependency().since()).isEqualTo(T0);
        assertThat(databaseOnly(verification.notChecked()))
                .containsExactly("database connections not checked against a baseline: pre-flight measured none");
    }

    @Test
    void anUnhealthyDatabaseAtPreFlightAbortsTheReleaseBeforeAnythingChanges() {
        Run run = new Run(shop("shop", TEN_GIB, "PIJ90N7"));

        run.answer(new ThresholdBreached(
                RollbackTrigger.DATABASE_UNHEALTHY,
                "1 query on database shop active longer than 5 s: pid 4242 for 8 s: SELECT pg_sleep(?)",
                List.of()));

        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
        assertThat(run.status(Phase.PRE_FLIGHT_CHECKS)).isEqualTo(PhaseStatus.FAILED);
        assertThat(run.state.entry(Phase.PRE_FLIGHT_CHECKS).orElseThrow().notes())
                .contains("pid 4242");
        assertThat(run.announcements()).containsExactly(Announcement.DEPLOYMENT_ABORTED);
    }

    @Test
    void phase8SendsATestAlertToTheServicesPagerDutyAndSaysWhenItCannot() {
        RunChecks monitoring = (RunChecks) new Run(shop("shop", TEN_GIB, "PIJ90N7"))
                .advanceTo(Phase.MONITORING_VALIDATION)
                .awaitedBody();
        assertThat(monitoring.checks())
                .filteredOn(c -> c.kind() == CheckKind.ALERT_DELIVERY)
                .extracting(Check::name, Check::dependency)
                .containsExactly(
                        tuple("test-alert", new Dependency(null, "PIJ90N7", null, null, null, null, null, null, null)));
        assertThat(databaseOnly(monitoring.notChecked())).isEmpty();

        RunChecks withoutService = (RunChecks) new Run(shop("shop", TEN_GIB, null))
                .advanceTo(Phase.MONITORING_VALIDATION)
                .awaitedBody();
        assertThat(withoutService.checks()).extracting(Check::kind).doesNotContain(CheckKind.ALERT_DELIVERY);
        assertThat(databaseOnly(withoutService.notChecked()))
                .containsExactly("PagerDuty test alert not sent: no pagerduty-service-id configured for shop in"
                        + " production");
    }

    @Test
    void aTestAlertThatDidNotArriveRollsTheReleaseBack() {
        Run run = new Run(shop("shop", TEN_GIB, "PIJ90N7")).advanceTo(Phase.MONITORING_VALIDATION);

        run.answer(new ThresholdBreached(
                RollbackTrigger.ALERT_NOT_DELIVERED,
                "test alert to PagerDuty service PIJ90N7 not listed as an incident within 10.0 s; resolve sent",
                List.of()));

        assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
        assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.ALERT_NOT_DELIVERED);
        assertThat(run.state.entry(Phase.MONITORING_VALIDATION).orElseThrow().notes())
                .contains("not listed as an incident within 10.0 s");
    }

    /** What the command says it left out of the database and incident checks; Prometheus's lines are another test's. */
    private static List<String> databaseOnly(List<String> notChecked) {
        return notChecked.stream()
                .filter(line -> line.contains("database") || line.contains("PagerDuty"))
                .toList();
    }
}
