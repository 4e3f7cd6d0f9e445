package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.PrometheusServer;
import dev.runway.infra.PrometheusServer.ScrapeTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's synthetic traffic and metrics, measured by a real Prometheus scraping every second: shop rolled out
 * to 1.7.0 shows about 10 % errors, and a Deployment on 1.9.0 a p99 latency of at least 1.2 s.
 */
class SandboxMetricsIT {

    /** The error-rate query of the sandbox README, over a 10 s window so that it has data within seconds. */
    static final String ERROR_RATE =
            "(sum(rate(http_requests_total{namespace=\"production\",deployment=\"%1$s\",code=~\"5..\"}[10s]))"
                    + " or vector(0))"
                    + " / sum(rate(http_requests_total{namespace=\"production\",deployment=\"%1$s\"}[10s]))";

    static final String REQUEST_RATE =
            "sum(rate(http_requests_total{namespace=\"production\",deployment=\"%s\"}[10s]))";
    /** The p99 latency query of the sandbox README. */
    static final String P99 = "histogram_quantile(0.99, sum by (le) (rate("
            + "http_request_duration_seconds_bucket{namespace=\"production\",deployment=\"%s\"}[10s])))";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxMetricsIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NAMESPACE = "production";
    private static final String SLOW = "search";

    private static Sandbox sandbox;
    private static PrometheusServer prometheus;
    private static long prometheusStarted;

    @BeforeAll
    static void start() {
        // Default traffic: 20 requests/s to every Deployment.
        sandbox = Sandbox.start(SandboxOptions.demo(Duration.ofMillis(100)));
        sandbox.setImage(NAMESPACE, "shop", ImageCatalogue.SHOP_1_7_0);
        createDeployment(SLOW, ImageCatalogue.SHOP_1_9_0);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(health("shop")).contains("\"version\":\"1.7.0\"");
            assertThat(health(SLOW)).contains("\"version\":\"1.9.0\"");
        });
        // Started once both are on their new version, so every rate it computes is of that version alone.
        prometheus = PrometheusServer.start(List.of(target("shop"), target(SLOW)));
        prometheusStarted = System.nanoTime();
        LOG.info("Prometheus {} scraping {} every second", prometheus.url(), sandbox.appUrl());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void prometheusMeasuresAboutTenPercentErrorsOnShop170UnderTwentyRequestsPerSecond() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(value(ERROR_RATE, "shop")).isBetween(0.05, 0.15);
                    // 20 synthetic requests/s plus Prometheus' scrape, once the 10 s window holds 10 s of samples
                    assertThat(value(REQUEST_RATE, "shop")).isBetween(18.0, 24.0);
                });
        LOG.info(
                "shop 1.7.0: error rate {} at {} requests/s, {} s after Prometheus started",
                value(ERROR_RATE, "shop"),
                value(REQUEST_RATE, "shop"),
                secondsSinceStart());
    }

    @Test
    void prometheusMeasuresAP99OfAtLeast1200MillisecondsOnShop190AndFarLessOn170() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(value(P99, SLOW)).isGreaterThanOrEqualTo(1.2);
                    assertThat(value(REQUEST_RATE, SLOW)).isBetween(18.0, 24.0);
                });
        double fast = value(P99, "shop");
        LOG.info(
                "shop 1.9.0: p99 {} s; shop 1.7.0: p99 {} s; {} s after Prometheus started",
                value(P99, SLOW),
                fast,
                secondsSinceStart());
        assertThat(fast).isLessThan(0.5);
    }

    private static double value(String query, String job) {
        OptionalDouble value = prometheus.queryValue(query.formatted(job));
        assertThat(value).as(query.formatted(job)).isPresent();
        return value.getAsDouble();
    }

    private static String secondsSinceStart() {
        return String.format("%.1f", (System.nanoTime() - prometheusStarted) / 1e9);
    }

    private static ScrapeTarget target(String deployment) {
        return ScrapeTarget.of(
                deployment,
                sandbox.appBaseUrl(NAMESPACE, deployment) + "/metrics",
                Map.of("namespace", NAMESPACE, "deployment", deployment));
    }

    private static String health(String deployment) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(sandbox.appBaseUrl(NAMESPACE, deployment) + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void createDeployment(String name, String image) {
        sandbox.createDeployment(NAMESPACE, name, image, 2);
    }
}
