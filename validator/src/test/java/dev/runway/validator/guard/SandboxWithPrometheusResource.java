package dev.runway.validator.guard;

import static org.awaitility.Awaitility.await;

import dev.runway.infra.PrometheusServer;
import dev.runway.infra.PrometheusServer.ScrapeTarget;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.sandbox.Sandbox;
import dev.runway.sandbox.SandboxOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The sandbox with its synthetic traffic (20 requests/s per Deployment), {@code shop} rolled out to 1.7.0 (10 % of
 * requests fail) and {@code search} on 1.9.0 (every request takes at least 1.2 s), scraped every second by a real
 * Prometheus on loopback. The validator's environment {@value #ENVIRONMENT} reads that Prometheus.
 */
public class SandboxWithPrometheusResource implements QuarkusTestResourceLifecycleManager {

    public static final String ENVIRONMENT = "sandbox";
    public static final String NAMESPACE = "production";
    public static final String FAILING = "shop";
    public static final String SLOW = "search";

    private static final Logger LOG = Logger.getLogger(SandboxWithPrometheusResource.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Sandbox sandbox;
    private PrometheusServer prometheus;

    @Override
    public Map<String, String> start() {
        sandbox = Sandbox.start(SandboxOptions.demo(Duration.ofMillis(100)));
        sandbox.setImage(NAMESPACE, FAILING, ImageCatalogue.SHOP_1_7_0);
        createDeployment(SLOW, ImageCatalogue.SHOP_1_9_0);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> health(FAILING).contains("\"version\":\"1.7.0\"")
                        && health(SLOW).contains("\"version\":\"1.9.0\""));
        // Started once both run their new version, so that every rate it computes is of that version alone.
        prometheus = PrometheusServer.start(List.of(target(FAILING), target(SLOW)));
        LOG.infof("Prometheus %s scraping %s every second", prometheus.url(), sandbox.appUrl());
        return Map.of("runway.validator.environments." + ENVIRONMENT + ".prometheus-url", prometheus.url());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ScrapeTarget target(String deployment) {
        return ScrapeTarget.of(
                deployment,
                sandbox.appBaseUrl(NAMESPACE, deployment) + "/metrics",
                Map.of("namespace", NAMESPACE, "deployment", deployment));
    }

    private String health(String deployment) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(sandbox.appBaseUrl(NAMESPACE, deployment) + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void createDeployment(String name, String image) {
        sandbox.createDeployment(NAMESPACE, name, image, 2);
    }
}
