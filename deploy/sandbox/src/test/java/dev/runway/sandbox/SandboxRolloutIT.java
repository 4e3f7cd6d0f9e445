package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxRolloutIT {

    private static final Duration STEP = Duration.ofMillis(150);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Sandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.demo(STEP));
        client = sandbox.client();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theSeededShopIsFullyRolledOutOnRevisionOneWhenStartReturns() throws Exception {
        Deployment shop = shop();
        assertThat(shop.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "1");
        assertComplete(shop.getStatus(), 3);
        assertThat(replicaSets()).singleElement().satisfies(rs -> {
            assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "1");
            assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
        });
        assertThat(get("/health")).satisfies(health -> {
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"version\":\"1.3.2\"", "\"environment\":\"sandbox (simulation)\"");
        });
        assertThat(client.pods().inNamespace("production").list().getItems())
                .hasSize(3)
                .allSatisfy(pod -> assertThat(pod.getStatus().getConditions())
                        .anySatisfy(c ->
                                assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True")));
    }

    @Test
    void aHealthyImageRollsOutToEveryReplicaOnRevisionTwoAndThenServesTheNewVersion() throws Exception {
        setImage(ImageCatalogue.SHOP_1_4_0);

        await().atMost(Duration.ofSeconds(10)).until(() -> updatedReplicas() >= 1);
        // Mid-rollout the old version still serves: the new one has not got all replicas yet.
        if (updatedReplicas() < 3) {
            assertThat(get("/health").body()).contains("\"version\":\"1.3.2\"");
        }
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertComplete(shop().getStatus(), 3));

        assertThat(shop().getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "2");
        ReplicaSet newest = newestReplicaSet();
        assertThat(newest.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "2");
        assertThat(newest.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("shop"));
        assertThat(newest.getMetadata().getName())
                .isEqualTo("shop-" + newest.getMetadata().getLabels().get(PodTemplateHash.LABEL));
        assertThat(newest.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(ImageCatalogue.SHOP_1_4_0);
        assertThat(replicaSets())
                .filteredOn(rs -> rs != newest
                        && !rs.getMetadata()
                                .getName()
                                .equals(newest.getMetadata().getName()))
                .singleElement()
                .satisfies(old -> assertThat(old.getSpec().getReplicas()).isZero());
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> health = get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"version\":\"1.4.0\"");
        });
    }

    @Test
    void aNewReplicaBecomesAvailableOneStepAfterItIsCreatedAndOnlyThenReplacesAnOldOne() {
        setImage(ImageCatalogue.SHOP_1_4_0);

        // Every status the Deployment and its new ReplicaSet show while the rollout runs, as a client polling sees
        // them.
        List<DeploymentStatus> statuses = new ArrayList<>();
        List<ReplicaSetStatus> newReplicaSetStatuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .ignoreExceptions()
                .until(() -> {
                    Deployment shop = shop();
                    if (!"2".equals(shop.getMetadata().getAnnotations().get(DeploymentController.REVISION))
                            || !shop.getMetadata()
                                    .getGeneration()
                                    .equals(shop.getStatus().getObservedGeneration())) {
                        return false;
                    }
                    statuses.add(shop.getStatus());
                    ReplicaSet newest = newestReplicaSet();
                    if (DeploymentController.revision(newest) == 2 && newest.getStatus() != null) {
                        newReplicaSetStatuses.add(newest.getStatus());
                    }
                    DeploymentStatus status = shop.getStatus();
                    return status.getUpdatedReplicas() == 3
                            && status.getReplicas() == 3
                            && status.getAvailableReplicas() == 3;
                });

        assertThat(statuses).allSatisfy(status -> {
            int replicas = status.getReplicas();
            int available = status.getAvailableReplicas();
            assertThat(status.getReadyReplicas()).isEqualTo(available);
            assertThat(status.getUpdatedReplicas()).isBetween(0, replicas);
            assertThat(Optional.ofNullable(status.getUnavailableReplicas()).orElse(0))
                    .isEqualTo(replicas - available);
            // maxUnavailable=0, maxSurge=1
            assertThat(available).isEqualTo(3);
            assertThat(replicas).isBetween(3, 4);
        });
        // Two updated replicas, of which one available (the other old replicas make up the 3 available).
        assertThat(statuses).anySatisfy(status -> {
            assertThat(status.getUpdatedReplicas()).isEqualTo(2);
            assertThat(status.getReplicas()).isEqualTo(4);
            assertThat(status.getAvailableReplicas() - (status.getReplicas() - status.getUpdatedReplicas()))
                    .isEqualTo(1);
        });
        assertThat(newReplicaSetStatuses).anySatisfy(status -> {
            assertThat(status.getReplicas()).isEqualTo(2);
            assertThat(status.getReadyReplicas()).isEqualTo(1);
            assertThat(status.getAvailableReplicas()).isEqualTo(1);
        });
        assertThat(newReplicaSetStatuses).allSatisfy(status -> {
            assertThat(status.getAvailableReplicas())
                    .isEqualTo(status.getReadyReplicas())
                    .isLessThanOrEqualTo(status.getReplicas());
        });
        assertThat(client.pods().inNamespace("production").list().getItems())
                .hasSize(3)
                .allSatisfy(pod -> assertThat(pod.getStatus().getConditions())
                        .anySatisfy(c ->
                                assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True")));
    }

    @Test
    void aPodIsPendingUntilItBecomesReady() {
        setImage(ImageCatalogue.SHOP_1_4_0);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                client.pods().inNamespace("production").list().getItems())
                        .anySatisfy(pod -> {
                            assertThat(pod.getSpec().getContainers().get(0).getImage())
                                    .isEqualTo(ImageCatalogue.SHOP_1_4_0);
                            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                            assertThat(pod.getStatus()
                                            .getContainerStatuses()
                                            .get(0)
                                            .getState()
                                            .getWaiting()
                                            .getReason())
                                    .isEqualTo("ContainerCreating");
                            assertThat(pod.getStatus().getConditions())
                                    .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus())
                                            .isEqualTo("Ready=False"));
                        }));
    }

    @Test
    void anUnhealthyImageRollsOutButItsHealthEndpointAnswers503WithTheNewVersion() throws Exception {
        setImage(ImageCatalogue.SHOP_1_5_0);

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertComplete(shop().getStatus(), 3));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> health = get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"unhealthy\"", "\"version\":\"1.5.0\"");
        });
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body())
                .contains("http_requests_total{method=\"GET\",path=\"/health\",code=\"503\",version=\"1.5.0\"}");
    }

    @Test
    void aCrashLoopingImageNeverGetsAvailableReplicasAndExceedsItsProgressDeadline() throws Exception {
        edit(d -> new DeploymentBuilder(d)
                .editSpec()
                .withProgressDeadlineSeconds(2)
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(ImageCatalogue.SHOP_1_6_0)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(condition(shop(), "Progressing"))
                        .satisfies(c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
                        }));
        DeploymentStatus status = shop().getStatus();
        assertThat(status.getUpdatedReplicas()).isEqualTo(1);
        assertThat(status.getAvailableReplicas()).isEqualTo(3);
        assertThat(status.getUnavailableReplicas()).isEqualTo(1);
        assertThat(newestReplicaSet().getStatus().getAvailableReplicas()).isZero();
        assertThat(client.pods().inNamespace("production").list().getItems())
                .extracting(pod ->
                        pod.getStatus().getContainerStatuses().get(0).getState().getWaiting())
                .filteredOn(waiting -> waiting != null)
                .singleElement()
                .satisfies(waiting -> assertThat(waiting.getReason()).isEqualTo("CrashLoopBackOff"));
        assertThat(get("/health").body()).contains("\"version\":\"1.3.2\"");
    }

    @Test
    void anOomKilledImageNeverGetsReadyAndItsPodShowsTheKillBetweenRestarts() throws Exception {
        setImage(ImageCatalogue.SHOP_1_6_1);

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                client.pods().inNamespace("production").list().getItems())
                        .filteredOn(pod ->
                                pod.getSpec().getContainers().get(0).getImage().equals(ImageCatalogue.SHOP_1_6_1))
                        .singleElement()
                        .satisfies(pod -> {
                            ContainerStatus container =
                                    pod.getStatus().getContainerStatuses().get(0);
                            assertThat(container.getReady()).isFalse();
                            assertThat(container.getState().getWaiting().getReason())
                                    .isEqualTo("CrashLoopBackOff");
                            assertThat(container.getLastState().getTerminated().getReason())
                                    .isEqualTo("OOMKilled");
                            assertThat(container.getLastState().getTerminated().getExitCode())
                                    .isEqualTo(137);
                        }));
        assertThat(shop().getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(newestReplicaSet().getStatus().getAvailableReplicas()).isZero();
        assertThat(get("/health").body()).contains("\"version\":\"1.3.2\"");
    }

    @Test
    void midRolloutApplicationRequestsReachTheNewPodsThatAreReadyWhileHealthStillReportsTheOldVersion()
            throws Exception {
        // Steps long enough to watch the in-between state: one new pod Ready beside three old ones.
        sandbox.close();
        sandbox = Sandbox.start(SandboxOptions.demo(Duration.ofSeconds(2)).withRequestsPerSecond(0));
        client = sandbox.client();

        setImage(ImageCatalogue.SHOP_1_7_0);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(get("/api/v1/products").body()).contains("\"version\":\"1.7.0\""));
        assertThat(get("/health").body()).contains("\"version\":\"1.3.2\"");
        assertThat(shop().getStatus().getUpdatedReplicas()).isLessThan(3);
        assertThat(get("/metrics").body())
                .contains("path=\"/api/v1/products\",code=\"200\",version=\"1.3.2\"}")
                .containsPattern("path=\"/api/v1/products\",code=\"(200|500)\",version=\"1.7.0\"}")
                .contains("app_info{version=\"1.3.2\"");
    }

    @Test
    void restoringThePreviousTemplateReusesItsReplicaSetWithTheNewestRevision() throws Exception {
        String firstReplicaSet = newestReplicaSet().getMetadata().getName();
        setImage(ImageCatalogue.SHOP_1_4_0);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(shop().getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "2");
            assertComplete(shop().getStatus(), 3);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/health").body().contains("\"version\":\"1.4.0\""));

        setImage(ImageCatalogue.SHOP_1_3_2);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(shop().getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "3");
            assertComplete(shop().getStatus(), 3);
        });
        assertThat(replicaSets()).hasSize(2);
        ReplicaSet restored = newestReplicaSet();
        assertThat(restored.getMetadata().getName()).isEqualTo(firstReplicaSet);
        assertThat(restored.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "3");
        assertThat(restored.getStatus().getAvailableReplicas()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(get("/health").body()).contains("\"version\":\"1.3.2\""));
    }

    @Test
    void anAppThatIsNotDeployedAnswers404() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.appBaseUrl("production", "nothing-here") + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void theAppCountsTheRequestsItAnswersByRouteStatusAndVersionAndTheSyntheticTrafficToo() throws Exception {
        get("/no-such-page");
        get("/no-such-page/either");
        get("/metrics");

        // The scrape before counts once it is answered, as with a real client library.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(get("/metrics").body())
                        .contains(
                                "http_requests_total{method=\"GET\",path=\"NOT_FOUND\",code=\"404\","
                                        + "version=\"1.3.2\"} 2\n",
                                "http_requests_total{method=\"GET\",path=\"/metrics\",code=\"200\","
                                        + "version=\"1.3.2\"}",
                                "http_requests_total{method=\"GET\",path=\"/api/v1/products\",code=\"200\","
                                        + "version=\"1.3.2\"}",
                                "http_request_duration_seconds_bucket{method=\"GET\",path=\"/api/v1/products\","
                                        + "code=\"200\",version=\"1.3.2\",le=\"+Inf\"}"));
        assertThat(get("/api/v1/products").body()).startsWith("{\"products\":[");
    }

    private void assertComplete(DeploymentStatus status, int replicas) {
        assertThat(status).isNotNull();
        assertThat(status.getObservedGeneration())
                .isEqualTo(shop().getMetadata().getGeneration());
        assertThat(status.getReplicas()).isEqualTo(replicas);
        assertThat(status.getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(status.getReadyReplicas()).isEqualTo(replicas);
        assertThat(status.getAvailableReplicas()).isEqualTo(replicas);
        assertThat(status.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Progressing");
            assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        assertThat(status.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    private DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private int updatedReplicas() {
        DeploymentStatus status = shop().getStatus();
        return status.getUpdatedReplicas() == null
                        || !"2".equals(shop().getMetadata().getAnnotations().get(DeploymentController.REVISION))
                ? 0
                : status.getUpdatedReplicas();
    }

    private void setImage(String image) {
        sandbox.setImage("production", "shop", image);
    }

    private void edit(UnaryOperator<Deployment> change) {
        client.apps().deployments().inNamespace("production").withName("shop").edit(change);
    }

    private Deployment shop() {
        return client.apps()
                .deployments()
                .inNamespace("production")
                .withName("shop")
                .get();
    }

    private List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace("production").list().getItems();
    }

    private ReplicaSet newestReplicaSet() {
        return replicaSets().stream()
                .max(Comparator.comparingInt(DeploymentController::revision))
                .orElseThrow();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.appBaseUrl("production", "shop") + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
