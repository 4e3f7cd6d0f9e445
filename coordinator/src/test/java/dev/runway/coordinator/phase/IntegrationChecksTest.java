package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.coordinator.phase.ReleaseStateMachineTest.Release;
import dev.runway.coordinator.phase.ReleaseStateMachineTest.Run;
import dev.runway.model.Phase;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.ThresholdBreached;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phase 9 asks the application about each external integration its targets name (runbook Step 9.3). */
class IntegrationChecksTest {

    static Release shop(ReleaseTargets.Integrations integrations) {
        Release plain = ReleaseStateMachineTest.spec(false, false, false);
        ReleaseTargets t = plain.targets();
        return new Release(
                plain.spec(),
                new ReleaseTargets(
                        t.kubernetes(),
                        t.serviceUrl(),
                        t.database(),
                        t.configMap(),
                        t.caches(),
                        t.imageRepository(),
                        t.notifications(),
                        null,
                        null,
                        null,
                        null,
                        integrations));
    }

    @Test
    void phase9ChecksEachNamedIntegrationAtItsHealthPathWithTheCredentialsName() {
        Run run = new Run(shop(new ReleaseTargets.Integrations(
                        List.of("payments", "email"), "/api/v1/integrations/{name}/health", "admin")))
                .advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        RunChecks verification = (RunChecks) run.awaitedBody();

        assertThat(verification.checks())
                .filteredOn(c -> c.kind() == CheckKind.INTEGRATION_HEALTH)
                .extracting(Check::name, Check::path, c -> c.smoke().credential())
                .containsExactly(
                        tuple("integration payments", "/api/v1/integrations/payments/health", "admin"),
                        tuple("integration email", "/api/v1/integrations/email/health", "admin"));
        assertThat(verification.notChecked()).noneMatch(line -> line.contains("integrations"));
    }

    @Test
    void withoutIntegrationsPhase9SaysItCheckedNone() {
        Run run = new Run(shop(null)).advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        RunChecks verification = (RunChecks) run.awaitedBody();

        assertThat(verification.checks()).extracting(Check::kind).doesNotContain(CheckKind.INTEGRATION_HEALTH);
        assertThat(verification.notChecked())
                .contains("external integrations not checked: none named for shop in production");
    }

    @Test
    void aDisconnectedIntegrationInPhase9RollsTheReleaseBack() {
        Run run = new Run(shop(new ReleaseTargets.Integrations(
                        List.of("payments"), "/api/v1/integrations/{name}/health", null)))
                .advanceTo(Phase.POST_DEPLOYMENT_VERIFICATION);

        run.answer(new ThresholdBreached(
                RollbackTrigger.INTEGRATION_UNHEALTHY,
                "integration payments: GET /api/v1/integrations/payments/health answered 200 with status"
                        + " \"disconnected\", expected \"connected\"",
                List.of()));

        assertThat(run.state.status()).isIn(ReleaseStatus.ROLLING_BACK, ReleaseStatus.ROLLED_BACK);
        assertThat(run.state
                        .entry(Phase.POST_DEPLOYMENT_VERIFICATION)
                        .orElseThrow()
                        .notes())
                .contains("disconnected");
    }
}
