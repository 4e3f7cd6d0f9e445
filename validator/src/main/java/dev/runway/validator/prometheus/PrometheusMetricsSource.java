package dev.runway.validator.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.validator.guard.MetricsSource;
import dev.runway.validator.guard.Reading;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * An instant query against Prometheus's HTTP API ({@code GET /api/v1/query}). The query must reduce to
 * one series (a {@code sum}, a ratio of sums, a {@code histogram_quantile} over summed buckets): a
 * vector of several series is a reading error rather than an arbitrary pick.
 */
public final class PrometheusMetricsSource implements MetricsSource {

    private final URI baseUrl;
    /** The server as messages name it: without user information, which may hold a password. */
    private final String server;

    private final Duration timeout;
    private final HttpClient client;

    public PrometheusMetricsSource(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.server = baseUrl.getScheme() + "://" + baseUrl.getHost()
                + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Reading read(String query, Instant at) {
        String time = String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
        URI uri = baseUrl.resolve(
                "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + time);
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            return parse(at, query, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.failed(at, query, "interrupted");
        } catch (Exception e) {
            return Reading.failed(
                    at,
                    query,
                    "Prometheus at " + server + " did not answer: "
                            + e.getClass().getSimpleName());
        }
    }

    /** Reads the API's JSON envelope; see the Prometheus HTTP API documentation for its shape. */
    static Reading parse(Instant at, String query, int status, String body) {
        JsonNode root;
        try {
            root = RunwayJson.wire().readTree(body);
        } catch (Exception e) {
            return Reading.failed(at, query, "Prometheus answered " + status + " with a body that is not JSON");
        }
        if (!"success".equals(root.path("status").asText())) {
            return Reading.failed(
                    at,
                    query,
                    "Prometheus answered " + status + ": "
                            + root.path("errorType").asText("error") + ": "
                            + root.path("error").asText(""));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode value;
        switch (type) {
            case "scalar" -> value = data.path("result");
            case "vector" -> {
                JsonNode result = data.path("result");
                if (result.isEmpty()) {
                    return Reading.noData(at, query);
                }
                if (result.size() > 1) {
                    return Reading.failed(
                            at,
                            query,
                            "the query returned " + result.size() + " series; a guard query must reduce to one");
                }
                value = result.get(0).path("value");
            }
            default -> {
                return Reading.failed(at, query, "the query returned a " + type + ", not a vector or scalar");
            }
        }
        String text = value.path(1).asText("");
        try {
            return Reading.of(at, query, Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Reading.failed(at, query, "the query returned a value that is not a number");
        }
    }
}
