package dev.runway.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION of a production environment, "the embedded default" that Runway's demo and end-to-end tests deploy
 * into. Nothing here is a real cluster: the fabric8 mock Kubernetes API server stores objects (CRUD mode), a
 * {@link DeploymentController} plays the Deployment controller, and one HTTP server plays both the deployed
 * applications ({@code /apps/<namespace>/<deployment>/...}) and an OCI registry ({@code /v2/...}). Unless turned
 * off, a {@link TrafficGenerator} sends synthetic requests to every application so that its metrics move.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final String LOOPBACK = "127.0.0.1";
    // Held strongly: java.util.logging forgets levels set on loggers nobody references.
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final DeploymentController controller;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService slowAnswers;
    private final String kubernetesUrl;
    private final TrafficGenerator traffic;

    private Sandbox(
            KubernetesMockServer server,
            KubernetesClient client,
            DeploymentController controller,
            HttpServer http,
            ExecutorService httpThreads,
            ScheduledExecutorService slowAnswers,
            String kubernetesUrl,
            int requestsPerSecond) {
        this.server = server;
        this.client = client;
        this.controller = controller;
        this.http = http;
        this.httpThreads = httpThreads;
        this.slowAnswers = slowAnswers;
        this.kubernetesUrl = kubernetesUrl;
        this.traffic = requestsPerSecond == 0
                ? null
                : new TrafficGenerator(appUrl(), controller::deployments, requestsPerSecond);
    }

    /** Starts everything; with {@code seedDemo} the shop Deployment is fully rolled out (revision 1) on return. */
    public static Sandbox start(SandboxOptions options) {
        // The mock server logs every request at INFO; that would drown the sandbox's own lines.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new DiscoveryCrudDispatcher(), false);
        KubernetesClient client = null;
        DeploymentController controller = null;
        try {
            server.init(InetAddress.getByName(LOOPBACK), options.kubernetesPort());
            String kubernetesUrl = "http://" + LOOPBACK + ":" + server.getPort();
            client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(Config.empty())
                            .withMasterUrl(kubernetesUrl)
                            .withNamespace(DemoSeed.NAMESPACE)
                            .withTrustCerts(true)
                            .build())
                    .build();
            client.nodes().resource(SandboxNode.node()).create();
            controller = new DeploymentController(client, options.catalogue(), options.step());
            if (options.seedDemo()) {
                DemoSeed.apply(client);
                settleSeed(client, controller);
            }
            controller.start();

            ExecutorService httpThreads = Executors.newFixedThreadPool(8, daemon("sandbox-http"));
            ScheduledExecutorService slowAnswers =
                    Executors.newScheduledThreadPool(2, daemon("sandbox-app-slow-answers"));
            HttpServer http =
                    HttpServer.create(new InetSocketAddress(InetAddress.getByName(LOOPBACK), options.appPort()), 50);
            http.createContext("/apps/", new ApplicationHandler(controller, slowAnswers));
            http.createContext("/v2", new RegistryHandler(options.catalogue(), options.registryCredentials()));
            http.createContext(
                    "/",
                    exchange -> Responses.send(
                            exchange,
                            exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                            "application/json",
                            "{\"environment\":\"" + Responses.ENVIRONMENT
                                    + "\",\"apps\":\"/apps/<namespace>/<deployment>/\",\"registry\":\"/v2/\"}"));
            http.setExecutor(httpThreads);
            http.start();
            Sandbox sandbox = new Sandbox(
                    server,
                    client,
                    controller,
                    http,
                    httpThreads,
                    slowAnswers,
                    kubernetesUrl,
                    options.requestsPerSecond());
            if (sandbox.traffic != null) {
                sandbox.traffic.start();
            }
            LOG.info(
                    "Sandbox (simulation) started: kubernetes={} app={} registry={}",
                    sandbox.kubernetesUrl(),
                    sandbox.appUrl(),
                    sandbox.registryUrl());
            return sandbox;
        } catch (IOException e) {
            closeQuietly(controller, client, server);
            throw new UncheckedIOException("sandbox could not start", e);
        } catch (RuntimeException e) {
            closeQuietly(controller, client, server);
            throw e;
        }
    }

    private static void settleSeed(KubernetesClient client, DeploymentController controller) {
        // A first rollout scales at once, so two passes (scale, then status) settle it; a few more cost nothing.
        for (int pass = 0; pass < 5; pass++) {
            controller.reconcileAll();
            Deployment shop = client.apps()
                    .deployments()
                    .inNamespace(DemoSeed.NAMESPACE)
                    .withName(DemoSeed.DEPLOYMENT)
                    .get();
            if (shop.getStatus() != null
                    && shop.getStatus().getAvailableReplicas() != null
                    && shop.getStatus()
                            .getAvailableReplicas()
                            .equals(shop.getSpec().getReplicas())
                    && shop.getMetadata()
                            .getGeneration()
                            .equals(shop.getStatus().getObservedGeneration())) {
                return;
            }
        }
        throw new IllegalStateException("the demo Deployment did not settle; is shop:1.3.2 in the catalogue?");
    }

    /** The mock Kubernetes API server, {@code http://127.0.0.1:<port>}. */
    public String kubernetesUrl() {
        return kubernetesUrl;
    }

    /** The HTTP server carrying the applications, {@code http://127.0.0.1:<port>}. */
    public String appUrl() {
        return "http://" + LOOPBACK + ":" + http.getAddress().getPort();
    }

    /** The OCI registry: the same server as {@link #appUrl()}, API under {@code /v2/}. */
    public String registryUrl() {
        return appUrl();
    }

    /** {@code <appUrl>/apps/<namespace>/<deployment>}, without a trailing slash. */
    public String appBaseUrl(String namespace, String deployment) {
        return appUrl() + "/apps/" + namespace + "/" + deployment;
    }

    /** A client of the mock API server; default namespace production. Closed with the sandbox. */
    /**
     * Creates a bare Deployment labelled {@code app=<name>}, one container named like it, as a test or a user
     * would with {@code kubectl create deployment}; the controller then rolls it out.
     */
    public void createDeployment(String namespace, String name, String image, int replicas) {
        Map<String, String> labels = Map.of("app", name);
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
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

    /** Sets the image of a Deployment's first container, as {@code kubectl set image} would. */
    public void setImage(String namespace, String deployment, String image) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .edit(d -> new DeploymentBuilder(d)
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .withImage(image)
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        if (traffic != null) {
            traffic.close();
        }
        http.stop(0);
        slowAnswers.shutdownNow();
        httpThreads.shutdownNow();
        closeQuietly(controller, client, server);
        LOG.info("Sandbox (simulation) stopped");
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(
            DeploymentController controller, KubernetesClient client, KubernetesMockServer server) {
        if (controller != null) {
            controller.close();
        }
        if (client != null) {
            client.close();
        }
        server.destroy();
    }
}
