package dev.runway.validator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.CheckResult;
import dev.runway.validator.ClusterProbe;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks against fabric8's mock API server in CRUD mode, which stores what the test creates and answers
 * lists and label selectors as an API server does: each check passing, then failing on the fault the runbook looks
 * for, read through {@link Fabric8ClusterView}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterChecksIT {

    static KubernetesClient client;

    private static final String NS = "production";
    private static final Map<String, String> APP = Map.of("app", "shop");

    private final ClusterProbe probe = new ClusterProbe(
            environment -> NS.equals(environment) ? Optional.of(new Fabric8ClusterView(client)) : Optional.empty(),
            environment -> arn -> List.of());

    @BeforeEach
    void emptyCluster() {
        client.nodes().delete();
        client.pods().inNamespace(NS).delete();
        client.apps().deployments().inNamespace(NS).delete();
        client.apps().replicaSets().inNamespace(NS).delete();
        client.services().inNamespace(NS).delete();
        client.discovery().v1().endpointSlices().inNamespace(NS).delete();
    }

    @Test
    void threeReadyNodesPassPreFlight() {
        node("node-a", true);
        node("node-b", true);
        node("node-c", true);

        CheckResult result = probe.measure(Check.nodesReady("nodes-ready"), NS);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation()).isEqualTo("3 of 3 nodes Ready");
    }

    @Test
    void aNotReadyNodeFailsPreFlightNamingIt() {
        node("node-a", true);
        node("node-b", false);
        node("node-c", true);

        CheckResult result = probe.measure(Check.nodesReady("nodes-ready"), NS);

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 of 3 nodes Ready; not Ready: node-b (Ready=False, KubeletNotReady: container runtime"
                        + " network not ready)");
    }

    @Test
    void runningAndCompletedPodsPassPreFlight() {
        create(runningPod("shop-a", "abc", 0));
        create(new PodBuilder()
                .withNewMetadata()
                .withName("migrate-1")
                .withNamespace(NS)
                .endMetadata()
                .withNewStatus()
                .withPhase("Succeeded")
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("migrate")
                        .withRestartCount(0)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build());

        CheckResult result = probe.measure(Check.podsRunning("pods-running", NS), NS);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("2 of 2 pods in namespace production Running or Succeeded");
    }

    @Test
    void aCrashLoopingPodFailsPreFlightThoughItsPhaseIsRunning() {
        create(runningPod("shop-a", "abc", 0));
        create(crashLooping("shop-b", "abc"));

        CheckResult result = probe.measure(Check.podsRunning("pods-running", NS), NS);

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("1 of 2 pods in namespace production outside Running/Succeeded:"
                        + " shop-b (CrashLoopBackOff, 4 restarts)");
    }

    @Test
    void readyEndpointAddressesEqualToReadyReplicasPassServiceValidation() {
        deployment(3, 3, "2");
        service();
        endpointSlice(true, true, true);

        CheckResult result = probe.measure(endpoints(), NS);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("3 ready endpoint addresses for Service shop in 1 EndpointSlice"
                        + " = 3 of 3 replicas of Deployment shop ready");
    }

    @Test
    void anEndpointSliceWithFewerReadyAddressesThanReplicasFailsServiceValidation() {
        deployment(3, 3, "2");
        service();
        endpointSlice(true, true, false);

        CheckResult result = probe.measure(endpoints(), NS);

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("2 ready endpoint addresses for Service shop in 1 EndpointSlice (not ready: shop-2)"
                        + " < 3 of 3 replicas of Deployment shop ready");
    }

    @Test
    void noRestartsAmongTheCurrentPodsPassPostDeployment() {
        currentAndOldReplicaSets();
        create(runningPod("shop-new-a", "new", 0));
        create(runningPod("shop-new-b", "new", 0));
        // the previous revision's pod restarted; it is not the release's
        create(runningPod("shop-old-a", "old", 7));

        CheckResult result = probe.measure(Check.podRestarts("pod-restarts", NS, "shop"), NS);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation()).isEqualTo("0 restarts across 2 pods of Deployment shop");
    }

    @Test
    void aRestartedPodFailsPostDeploymentNamingItAndWhy() {
        currentAndOldReplicaSets();
        create(runningPod("shop-new-a", "new", 0));
        create(crashLooping("shop-new-b", "new"));

        CheckResult result = probe.measure(Check.podRestarts("pod-restarts", NS, "shop"), NS);

        assertThat(result.passed()).isFalse();
        assertThat(result.reading().value()).isEqualTo("4");
        assertThat(result.finding())
                .isEqualTo("4 restarts across 2 pods of Deployment shop: shop-new-b restarted 4 times (last Error)");
    }

    /** The whole path a RunChecks takes: the validator's configuration names the API server by its URL. */
    @Test
    void aConfiguredMasterUrlCarriesPreFlightToItsVerdict() {
        node("node-a", true);
        node("node-b", false);
        create(runningPod("shop-a", "abc", 0));
        ValidationCommandHandler handler = ValidatorFixtures.handler(Map.of(
                "runway.validator.environments.\"production\".cluster.master-url",
                client.getConfiguration().getMasterUrl()));
        RunChecks run = new RunChecks(
                "http://127.0.0.1:1",
                List.of(Check.nodesReady("nodes-ready"), Check.podsRunning("pods-running", NS)),
                null,
                100,
                500,
                NS,
                List.of());

        EventBody failed = ValidatorFixtures.verdict(handler, Phase.PRE_FLIGHT_CHECKS, run);
        client.nodes().withName("node-b").delete();
        EventBody passed = ValidatorFixtures.verdict(handler, Phase.PRE_FLIGHT_CHECKS, run);

        assertThat(failed).isInstanceOf(ThresholdBreached.class);
        ThresholdBreached breach = (ThresholdBreached) failed;
        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.CLUSTER_NOT_READY);
        assertThat(breach.reason()).startsWith("1 of 2 nodes Ready; not Ready: node-b (Ready=False, KubeletNotReady");
        assertThat(passed).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) passed).summary())
                .isEqualTo("2 of 2 checks passed (100%); 1 of 1 nodes Ready;"
                        + " 1 of 1 pods in namespace production Running or Succeeded");
    }

    private static Check endpoints() {
        return Check.serviceEndpoints("service-endpoints", NS, "shop", "shop");
    }

    private static void node(String name, boolean ready) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus(ready ? "True" : "False")
                        .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                        .withMessage(ready ? "kubelet is posting ready status" : "container runtime network not ready")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
    }

    private static void create(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private static Pod runningPod(String name, String hash, int restarts) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(APP)
                .addToLabels("pod-template-hash", hash)
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("shop")
                        .withReady(true)
                        .withRestartCount(restarts)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-11-26T14:00:00Z")
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    /** As the kubelet reports it: phase Running, the container waiting in CrashLoopBackOff after exiting 1. */
    private static Pod crashLooping(String name, String hash) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(APP)
                .addToLabels("pod-template-hash", hash)
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("shop")
                        .withReady(false)
                        .withRestartCount(4)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .withMessage("back-off 1m20s restarting failed container=shop")
                        .endWaiting()
                        .endState()
                        .withNewLastState()
                        .withNewTerminated()
                        .withExitCode(1)
                        .withReason("Error")
                        .endTerminated()
                        .endLastState()
                        .build())
                .endStatus()
                .build();
    }

    private static void deployment(int replicas, int ready, String revision) {
        client.apps()
                .deployments()
                .inNamespace(NS)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .withNamespace(NS)
                        .addToAnnotations("deployment.kubernetes.io/revision", revision)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .addToMatchLabels(APP)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels(APP)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("shop")
                        .withImage("registry.example/shop:1.4.0")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .withNewStatus()
                        .withReplicas(replicas)
                        .withReadyReplicas(ready)
                        .endStatus()
                        .build())
                .create();
    }

    /** Revision 2 (hash "new") is current; revision 1 (hash "old") is what ran before. */
    private static void currentAndOldReplicaSets() {
        deployment(2, 2, "2");
        replicaSet("shop-new", "new", "2");
        replicaSet("shop-old", "old", "1");
    }

    private static void replicaSet(String name, String hash, String revision) {
        client.apps()
                .replicaSets()
                .inNamespace(NS)
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NS)
                        .addToLabels(APP)
                        .addToLabels("pod-template-hash", hash)
                        .addToAnnotations("deployment.kubernetes.io/revision", revision)
                        .addNewOwnerReference()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName("shop")
                        .withUid(UUID.randomUUID().toString())
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels(APP)
                        .addToMatchLabels("pod-template-hash", hash)
                        .endSelector()
                        .endSpec()
                        .build())
                .create();
    }

    private static void service() {
        client.services()
                .inNamespace(NS)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector(APP)
                        .addNewPort()
                        .withPort(443)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
    }

    /** One slice, as the EndpointSlice controller writes it: one endpoint per pod, its readiness in conditions. */
    private static void endpointSlice(boolean... ready) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("shop-x7k2p")
                .withNamespace(NS)
                .addToLabels("kubernetes.io/service-name", "shop")
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withPort(8080)
                .withProtocol("TCP")
                .endPort();
        for (int i = 0; i < ready.length; i++) {
            slice.addToEndpoints(new EndpointBuilder()
                    .withAddresses("10.244." + (i + 1) + ".15")
                    .withNewConditions()
                    .withReady(ready[i])
                    .withServing(ready[i])
                    .withTerminating(false)
                    .endConditions()
                    .withNewTargetRef()
                    .withKind("Pod")
                    .withName("shop-" + i)
                    .withNamespace(NS)
                    .endTargetRef()
                    .build());
        }
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(NS)
                .resource(slice.build())
                .create();
    }
}
