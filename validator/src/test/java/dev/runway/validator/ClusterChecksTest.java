package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.Measurement;
import dev.runway.validator.aws.TargetHealthSource.TargetHealth;
import dev.runway.validator.k8s.ClusterView;
import dev.runway.validator.k8s.ClusterView.DeploymentState;
import dev.runway.validator.k8s.ClusterView.Endpoints;
import dev.runway.validator.k8s.ClusterView.NodeState;
import dev.runway.validator.k8s.ClusterView.PodState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:20:00Z");
    private static final String ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-production/50dc6c495c0c9188";
    private static final Check NODES = Check.nodesReady("nodes-ready");
    private static final Check PODS = Check.podsRunning("pods-running", "production");
    private static final Check ENDPOINTS = Check.serviceEndpoints("service-endpoints", "production", "shop", "shop");
    private static final Check TARGETS = Check.targetHealth("target-health", ARN);
    private static final Check RESTARTS = Check.podRestarts("pod-restarts", "production", "shop");

    @Test
    void allNodesReadyPassesAsAMeasuredCount() {
        CheckResult result =
                ClusterChecks.nodesReady(NODES, List.of(ready("node-a"), ready("node-b"), ready("node-c")));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().value()).isEqualTo("3 of 3");
        assertThat(result.reading().threshold()).isEqualTo("all Ready");
        assertThat(result.reading().explanation()).isEqualTo("3 of 3 nodes Ready");
    }

    @Test
    void aNodeNotReadyFailsNamingTheNodeAndWhy() {
        CheckResult result = ClusterChecks.nodesReady(
                NODES,
                List.of(
                        ready("node-a"),
                        new NodeState("node-b", false, "Ready=False, KubeletNotReady: PLEG is not healthy"),
                        ready("node-c")));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 of 3 nodes Ready; not Ready: node-b (Ready=False, KubeletNotReady: PLEG is not healthy)");
    }

    @Test
    void aClusterWithoutNodesFails() {
        assertThat(ClusterChecks.nodesReady(NODES, List.of()).passed()).isFalse();
    }

    @Test
    void runningAndCompletedPodsPass() {
        CheckResult result = ClusterChecks.podsRunning(
                PODS, "production", List.of(pod("shop-1", "Running", 0), pod("migrate-1", "Completed", 0)));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("2 of 2 pods in namespace production Running or Succeeded");
    }

    @Test
    void aCrashLoopingPodFailsPreFlightNamingThePodAndItsStatus() {
        CheckResult result = ClusterChecks.podsRunning(
                PODS,
                "production",
                List.of(pod("shop-1", "Running", 0), pod("shop-2", "CrashLoopBackOff", 5), pod("job-1", "Pending", 0)));

        assertThat(result.passed()).isFalse();
        assertThat(result.reading().value()).isEqualTo("2");
        assertThat(result.finding())
                .isEqualTo("2 of 3 pods in namespace production outside Running/Succeeded:"
                        + " shop-2 (CrashLoopBackOff, 5 restarts), job-1 (Pending)");
    }

    @Test
    void readyAddressesEqualToReadyReplicasPass() {
        CheckResult result = ClusterChecks.serviceEndpoints(
                ENDPOINTS,
                true,
                Optional.of(new DeploymentState("shop", 3, 3)),
                new Endpoints(1, Set.of("shop-1", "shop-2", "shop-3"), Set.of()));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().value()).isEqualTo("3");
        assertThat(result.reading().threshold()).isEqualTo("= 3 ready replicas");
        assertThat(result.reading().explanation())
                .isEqualTo("3 ready endpoint addresses for Service shop in 1 EndpointSlice"
                        + " = 3 of 3 replicas of Deployment shop ready");
    }

    @Test
    void fewerReadyAddressesThanReadyReplicasFailNamingTheNotReadyOnes() {
        CheckResult result = ClusterChecks.serviceEndpoints(
                ENDPOINTS,
                true,
                Optional.of(new DeploymentState("shop", 3, 3)),
                new Endpoints(1, Set.of("shop-1", "shop-2"), Set.of("shop-3")));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 ready endpoint addresses for Service shop in 1 EndpointSlice (not ready: shop-3)"
                        + " < 3 of 3 replicas of Deployment shop ready");
    }

    @Test
    void aMissingServiceOrNoReadyReplicaFails() {
        assertThat(ClusterChecks.serviceEndpoints(
                                ENDPOINTS,
                                false,
                                Optional.of(new DeploymentState("shop", 3, 3)),
                                new Endpoints(0, Set.of(), Set.of()))
                        .finding())
                .isEqualTo("Service shop not found in namespace production");
        assertThat(ClusterChecks.serviceEndpoints(
                                ENDPOINTS,
                                true,
                                Optional.of(new DeploymentState("shop", 3, 0)),
                                new Endpoints(1, Set.of(), Set.of()))
                        .passed())
                .isFalse();
    }

    @Test
    void allTargetsHealthyPassesNamingTheTargetGroup() {
        CheckResult result = ClusterChecks.targetHealth(
                TARGETS, List.of(healthy("10.0.1.15"), healthy("10.0.2.23"), healthy("10.0.3.31")));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation()).isEqualTo("3 of 3 targets healthy in shop-production");
    }

    @Test
    void anUnhealthyTargetFailsNamingItAndItsReason() {
        CheckResult result = ClusterChecks.targetHealth(
                TARGETS,
                List.of(
                        healthy("10.0.1.15"),
                        new TargetHealth(
                                "10.0.2.23",
                                8080,
                                "unhealthy",
                                "Target.ResponseCodeMismatch",
                                "Health checks failed with these codes: [500]"),
                        healthy("10.0.3.31")));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 of 3 targets healthy in shop-production; 10.0.2.23:8080 unhealthy"
                        + " (Target.ResponseCodeMismatch: Health checks failed with these codes: [500])");
    }

    @Test
    void drainingTargetsAreLeftOutAndSaid() {
        CheckResult result = ClusterChecks.targetHealth(
                TARGETS,
                List.of(
                        healthy("10.0.1.15"),
                        new TargetHealth("10.0.9.9", 8080, "draining", "Target.DeregistrationInProgress", "draining")));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("1 of 1 targets healthy in shop-production; 1 draining, left out");
    }

    @Test
    void aTargetGroupWithoutTargetsFails() {
        assertThat(ClusterChecks.targetHealth(TARGETS, List.of()).finding())
                .isEqualTo("no targets registered in shop-production");
    }

    @Test
    void noRestartsPass() {
        CheckResult result =
                ClusterChecks.podRestarts(RESTARTS, List.of(pod("shop-1", "Running", 0), pod("shop-2", "Running", 0)));

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().value()).isEqualTo("0");
        assertThat(result.reading().explanation()).isEqualTo("0 restarts across 2 pods of Deployment shop");
    }

    @Test
    void aRestartedPodFailsNamingItAndWhyItLastEnded() {
        CheckResult result = ClusterChecks.podRestarts(
                RESTARTS, List.of(pod("shop-1", "Running", 0), new PodState("shop-2", "Running", 2, "OOMKilled")));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 restarts across 2 pods of Deployment shop: shop-2 restarted 2 times (last OOMKilled)");
    }

    @Test
    void eachFailedClusterCheckBreachesWithItsOwnTrigger() {
        assertThat(breach(ClusterChecks.nodesReady(NODES, List.of(new NodeState("n", false, "x")))))
                .isEqualTo(RollbackTrigger.CLUSTER_NOT_READY);
        assertThat(breach(ClusterChecks.podsRunning(PODS, "production", List.of(pod("p", "Pending", 0)))))
                .isEqualTo(RollbackTrigger.CLUSTER_NOT_READY);
        assertThat(breach(ClusterChecks.serviceEndpoints(
                        ENDPOINTS,
                        true,
                        Optional.of(new DeploymentState("shop", 3, 3)),
                        new Endpoints(1, Set.of("a"), Set.of()))))
                .isEqualTo(RollbackTrigger.ENDPOINTS_NOT_READY);
        assertThat(breach(ClusterChecks.targetHealth(TARGETS, List.of()))).isEqualTo(RollbackTrigger.TARGETS_UNHEALTHY);
        assertThat(breach(ClusterChecks.podRestarts(RESTARTS, List.of(pod("p", "Running", 1)))))
                .isEqualTo(RollbackTrigger.PODS_RESTARTED);
    }

    @Test
    void aPassingPhaseSaysWhatItMeasuredAndWhatItLeftOut() {
        RunChecks command = new RunChecks(
                "http://shop.internal",
                List.of(ENDPOINTS),
                "1.4.0",
                100,
                500,
                "production",
                List.of("load-balancer target health not checked: no target group configured for shop in production"));
        CheckResult result = ClusterChecks.serviceEndpoints(
                ENDPOINTS,
                true,
                Optional.of(new DeploymentState("shop", 2, 2)),
                new Endpoints(1, Set.of("a", "b"), Set.of()));

        Verdict verdict = Assessor.assess(command, List.of(result), NOW);

        assertThat(verdict).isInstanceOf(Verdict.Passed.class);
        Verdict.Passed passed = (Verdict.Passed) verdict;
        assertThat(passed.summary())
                .contains("2 ready endpoint addresses for Service shop in 1 EndpointSlice = 2 of 2 replicas")
                .contains("load-balancer target health not checked");
        assertThat(passed.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(tuple("service-endpoints", "2", Measurement.Status.SUCCESSFUL));
    }

    @Test
    void anUnreadableClusterIsAnErrorThatFailsTheCheckSayingWhy() {
        ClusterView unreachable = new UnreachableCluster();
        ClusterProbe probe = new ClusterProbe(
                environment -> "production".equals(environment) ? Optional.of(unreachable) : Optional.empty(),
                environment -> arn -> {
                    throw new IllegalStateException("should not be asked");
                });

        CheckResult unread = probe.measure(NODES, "production");
        CheckResult unconfigured = probe.measure(NODES, "staging");

        assertThat(unread.passed()).isFalse();
        assertThat(unread.answered()).isFalse();
        assertThat(unread.finding())
                .isEqualTo("nodes-ready not measured: the Kubernetes API of environment production could not be"
                        + " read: IllegalStateException: connection refused");
        assertThat(unconfigured.finding())
                .isEqualTo("nodes-ready not measured: the validator has no Kubernetes API for environment staging"
                        + " (runway.validator.environments.\"staging\".cluster.master-url or .in-cluster)");
        Verdict verdict = Assessor.assess(
                new RunChecks("http://shop.internal", List.of(NODES), null, 100, 500, "production", List.of()),
                List.of(unread),
                NOW);
        assertThat(((Verdict.Breached) verdict).measurements())
                .extracting(Measurement::status)
                .containsExactly(Measurement.Status.ERROR);
    }

    @Test
    void theTargetGroupIsCalledByTheNameInItsArn() {
        assertThat(ClusterChecks.targetGroupName(ARN)).isEqualTo("shop-production");
        assertThat(ClusterChecks.targetGroupName("not-an-arn")).isEqualTo("not-an-arn");
    }

    private static RollbackTrigger breach(CheckResult result) {
        RunChecks command =
                new RunChecks("http://shop.internal", List.of(result.check()), null, 100, 500, "production", List.of());
        Verdict verdict = Assessor.assess(command, List.of(result), NOW);
        assertThat(verdict).isInstanceOf(Verdict.Breached.class);
        Verdict.Breached breached = (Verdict.Breached) verdict;
        assertThat(breached.reason()).isEqualTo(result.finding());
        return breached.trigger();
    }

    private static NodeState ready(String name) {
        return new NodeState(name, true, null);
    }

    private static PodState pod(String name, String status, int restarts) {
        return new PodState(name, status, restarts, null);
    }

    private static TargetHealth healthy(String ip) {
        return new TargetHealth(ip, 8080, "healthy", null, null);
    }

    /** A cluster whose API refuses every call. */
    private static final class UnreachableCluster implements ClusterView {

        private static IllegalStateException refused() {
            return new IllegalStateException("connection refused\n\tat somewhere");
        }

        @Override
        public List<NodeState> nodes() {
            throw refused();
        }

        @Override
        public List<PodState> pods(String namespace) {
            throw refused();
        }

        @Override
        public Optional<DeploymentState> deployment(String namespace, String name) {
            throw refused();
        }

        @Override
        public List<PodState> currentPods(String namespace, String deployment) {
            throw refused();
        }

        @Override
        public boolean serviceExists(String namespace, String service) {
            throw refused();
        }

        @Override
        public Endpoints endpoints(String namespace, String service) {
            throw refused();
        }
    }
}
