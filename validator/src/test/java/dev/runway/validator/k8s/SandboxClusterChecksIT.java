package dev.runway.validator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepSucceeded;
import dev.runway.sandbox.Sandbox;
import dev.runway.sandbox.SandboxOptions;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks against the sandbox the local stack runs, configured as the local stack configures the validator:
 * what the demo's pre-flight, Phase 5 and Phase 9 rows will read, its seeded {@code shop} Deployment (3 replicas) in
 * namespace {@code production}.
 */
class SandboxClusterChecksIT {

    private static Sandbox sandbox;
    private static ValidationCommandHandler handler;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.demo(Duration.ofMillis(100)).withRequestsPerSecond(0));
        handler = ValidatorFixtures.handler(
                Map.of("runway.validator.environments.production.cluster.master-url", sandbox.kubernetesUrl()));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void theSeededSandboxPassesEveryClusterCheckWithItsCounts() {
        RunChecks run = new RunChecks(
                "http://127.0.0.1:1",
                List.of(
                        Check.nodesReady("nodes-ready"),
                        Check.podsRunning("pods-running", "production"),
                        Check.serviceEndpoints("service-endpoints", "production", "shop", "shop"),
                        Check.podRestarts("pod-restarts", "production", "shop")),
                null,
                100,
                500,
                "production",
                List.of());

        EventBody verdict = ValidatorFixtures.verdict(handler, Phase.SERVICE_VALIDATION, run);

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) verdict).summary())
                .isEqualTo("4 of 4 checks passed (100%); 1 of 1 nodes Ready;"
                        + " 3 of 3 pods in namespace production Running or Succeeded;"
                        + " 3 ready endpoint addresses for Service shop in 1 EndpointSlice"
                        + " = 3 of 3 replicas of Deployment shop ready;"
                        + " 0 restarts across 3 pods of Deployment shop");
    }
}
