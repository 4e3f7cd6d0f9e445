package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

    private static final HttpMetrics.Labels OK = new HttpMetrics.Labels("GET", "/api/v1/products", 200, "1.7.0");
    private static final HttpMetrics.Labels FAILED = new HttpMetrics.Labels("GET", "/api/v1/products", 500, "1.7.0");

    @Test
    void countsRequestsByStatusAsACounter() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.observe(OK, 0.003);
        metrics.observe(OK, 0.004);
        metrics.observe(FAILED, 0.002);

        assertThat(metrics.exposition())
                .contains("# TYPE http_requests_total counter\n")
                .contains("http_requests_total{method=\"GET\",path=\"/api/v1/products\",code=\"200\","
                        + "version=\"1.7.0\"} 2\n")
                .contains("http_requests_total{method=\"GET\",path=\"/api/v1/products\",code=\"500\","
                        + "version=\"1.7.0\"} 1\n");
    }

    @Test
    void histogramBucketsAreCumulativeAndEndInPlusInfEqualToTheCount() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.observe(OK, 0.004);
        metrics.observe(OK, 0.2);
        metrics.observe(OK, 1.25);
        metrics.observe(OK, 30);

        List<String> buckets = lines(metrics.exposition(), "http_request_duration_seconds_bucket{");

        assertThat(buckets)
                .containsExactly(
                        bucket("0.005", 1),
                        bucket("0.01", 1),
                        bucket("0.025", 1),
                        bucket("0.05", 1),
                        bucket("0.1", 1),
                        bucket("0.25", 2),
                        bucket("0.5", 2),
                        bucket("1.0", 2),
                        bucket("2.5", 3),
                        bucket("5.0", 3),
                        bucket("10.0", 3),
                        bucket("+Inf", 4));
    }

    @Test
    void histogramHasSumAndCountPerLabelSet() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.observe(OK, 0.5);
        metrics.observe(OK, 1.5);

        String text = metrics.exposition();

        assertThat(text)
                .contains("# TYPE http_request_duration_seconds histogram\n")
                .contains("http_request_duration_seconds_sum{method=\"GET\",path=\"/api/v1/products\","
                        + "code=\"200\",version=\"1.7.0\"} 2.0\n")
                .contains("http_request_duration_seconds_count{method=\"GET\",path=\"/api/v1/products\","
                        + "code=\"200\",version=\"1.7.0\"} 2\n");
    }

    @Test
    void anObservationOnABucketBoundaryCountsInThatBucket() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.observe(OK, 1.0);

        assertThat(lines(metrics.exposition(), "http_request_duration_seconds_bucket{"))
                .contains(bucket("0.5", 0), bucket("1.0", 1));
    }

    @Test
    void everySampleLineIsValidTextFormatWithOneTypeLinePerMetric() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.observe(OK, 0.01);
        metrics.observe(FAILED, 0.02);
        metrics.observe(new HttpMetrics.Labels("HEAD", "/health", 503, "1.5.0"), 0.001);

        String text = metrics.exposition();

        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(2);
        assertThat(text.lines().filter(l -> !l.startsWith("#")))
                .allSatisfy(line ->
                        assertThat(line).matches("[a-z_]+\\{([a-z]+=\"[^\"]*\",)*[a-z]+=\"[^\"]*\"} [0-9.E+-]+"));
        assertThat(text).endsWith("\n");
    }

    @Test
    void escapesLabelValuesAsTheFormatRequires() {
        assertThat(HttpMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void anEmptyRegistryStillDeclaresItsMetrics() {
        assertThat(new HttpMetrics().exposition())
                .contains("# TYPE http_requests_total counter", "# TYPE http_request_duration_seconds histogram")
                .doesNotContain("_bucket{");
    }

    private static String bucket(String le, long count) {
        return "http_request_duration_seconds_bucket{method=\"GET\",path=\"/api/v1/products\",code=\"200\","
                + "version=\"1.7.0\",le=\"" + le + "\"} " + count;
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
