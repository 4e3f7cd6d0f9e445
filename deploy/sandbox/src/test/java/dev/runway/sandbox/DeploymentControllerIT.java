package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller on its own, against a plain CRUD mock server, as a Quarkus test would inject one. */
class DeploymentControllerIT {

    private static final String WEB = "example.org/team/web:2.0";
    private static final String WEB_DIGEST = "sha256:" + "ab".repeat(32);

    private KubernetesMockServer server;
    private KubernetesClient client;
    private DeploymentController controller;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(Collections.emptyList()),
                false);
        server.init();
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(server.url("/"))
                        .build())
                .build();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("staging")
                        .endMetadata()
                        .build())
                .create();
        controller = new DeploymentController(
                client, ImageCatalogue.empty().with(WEB, WEB_DIGEST, ImageBehaviour.HEALTHY), Duration.ofMillis(50));
        controller.start();
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.destroy();
    }

    @Test
    void rollsOutANewDeploymentInAnyNamespaceAndFollowsItsScale() {
        create("web", WEB, 2);

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(web().getStatus().getAvailableReplicas()).isEqualTo(2);
            assertThat(web().getStatus().getObservedGeneration())
                    .isEqualTo(web().getMetadata().getGeneration());
        });
        assertThat(client.apps().replicaSets().inNamespace("staging").list().getItems())
                .singleElement()
                .satisfies(rs -> assertThat(rs.getMetadata().getLabels())
                        .containsEntry("app", "web")
                        .containsKey(PodTemplateHash.LABEL));

        client.apps()
                .deployments()
                .inNamespace("staging")
                .withName("web")
                .edit(d -> new DeploymentBuilder(d)
                        .editSpec()
                        .withReplicas(4)
                        .endSpec()
                        .build());

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(web().getStatus().getAvailableReplicas()).isEqualTo(4);
            assertThat(client.pods().inNamespace("staging").list().getItems()).hasSize(4);
        });
        assertThat(client.apps().replicaSets().inNamespace("staging").list().getItems())
                .hasSize(1);
    }

    @Test
    void aServiceAndAnEndpointSliceFollowTheDeploymentsReadyPods() {
        create("web", WEB, 2);

        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(readyEndpoints()).hasSize(2));
        assertThat(client.services()
                        .inNamespace("staging")
                        .withName("web")
                        .get()
                        .getSpec()
                        .getSelector())
                .containsEntry("app", "web");

        client.apps()
                .deployments()
                .inNamespace("staging")
                .withName("web")
                .edit(d -> new DeploymentBuilder(d)
                        .editSpec()
                        .withReplicas(3)
                        .endSpec()
                        .build());

        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(readyEndpoints())
                        .hasSize(3)
                        .containsExactlyInAnyOrderElementsOf(
                                client.pods().inNamespace("staging").list().getItems().stream()
                                        .map(p -> p.getMetadata().getName())
                                        .toList()));
    }

    private java.util.List<String> readyEndpoints() {
        return client
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace("staging")
                .withLabel(SandboxEndpoints.SERVICE_NAME, "web")
                .list()
                .getItems()
                .stream()
                .flatMap(slice -> slice.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
                .map(e -> e.getTargetRef().getName())
                .toList();
    }

    @Test
    void anImageTheRegistryDoesNotHoldNeverBecomesAvailable() {
        create("web", "example.org/team/web:9.9", 2);

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(web().getStatus().getUpdatedReplicas()).isEqualTo(2);
            assertThat(web().getStatus().getUnavailableReplicas()).isEqualTo(2);
        });
        assertThat(web().getStatus().getAvailableReplicas()).isZero();
        assertThat(web().getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("False");
        });
        assertThat(client.pods().inNamespace("staging").list().getItems())
                .allSatisfy(pod -> assertThat(pod.getStatus()
                                .getContainerStatuses()
                                .get(0)
                                .getState()
                                .getWaiting()
                                .getReason())
                        .isEqualTo("ImagePullBackOff"));
    }

    @Test
    void deletingADeploymentRemovesItsReplicaSetsAndPods() {
        create("web", WEB, 2);
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        client.pods().inNamespace("staging").list().getItems().size() == 2);

        client.apps().deployments().inNamespace("staging").withName("web").delete();

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace("staging").list().getItems())
                    .isEmpty();
            assertThat(client.pods().inNamespace("staging").list().getItems()).isEmpty();
        });
    }

    private void create(String name, String image, int replicas) {
        client.apps()
                .deployments()
                .inNamespace("staging")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .addToMatchLabels("app", name)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", name)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName(name)
                        .withImage(image)
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private Deployment web() {
        return client.apps()
                .deployments()
                .inNamespace("staging")
                .withName("web")
                .get();
    }
}
