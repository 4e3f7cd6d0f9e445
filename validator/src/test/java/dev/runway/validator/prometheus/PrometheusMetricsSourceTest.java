package dev.runway.validator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.validator.guard.Reading;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrometheusMetricsSourceTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");
    private static final String Q = "sum(rate(x[30s]))";

    @Test
    void oneSeriesGivesItsValue() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{},"value":[1764158400.000,"0.0987"]}]}}""");
        assertThat(r.hasValue()).isTrue();
        assertThat(r.value()).isEqualTo(0.0987);
        assertThat(r.query()).isEqualTo(Q);
    }

    @Test
    void anEmptyVectorIsNoDataNotZero() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 200, """
                {"status":"success","data":{"resultType":"vector","result":[]}}""");
        assertThat(r.failed()).isFalse();
        assertThat(r.hasValue()).isFalse();
    }

    @Test
    void nanFromADivisionByZeroIsNoData() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}""");
        assertThat(r.failed()).isFalse();
        assertThat(r.hasValue()).isFalse();
    }

    @Test
    void aScalarIsRead() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 200, """
                {"status":"success","data":{"resultType":"scalar","result":[1,"1.25"]}}""");
        assertThat(r.value()).isEqualTo(1.25);
    }

    @Test
    void severalSeriesAreAnErrorNotAPick() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"pod":"a"},"value":[1,"0.1"]},{"metric":{"pod":"b"},"value":[1,"0.2"]}]}}""");
        assertThat(r.failed()).isTrue();
        assertThat(r.error()).contains("2 series");
    }

    @Test
    void aBadQueryIsAnErrorWithPrometheusReason() {
        Reading r = PrometheusMetricsSource.parse(AT, "sum(", 400, """
                {"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"}""");
        assertThat(r.failed()).isTrue();
        assertThat(r.error())
                .isEqualTo("Prometheus answered 400: bad_data: 1:5: parse error: unclosed left parenthesis");
    }

    @Test
    void aBodyThatIsNotJsonIsAnError() {
        Reading r = PrometheusMetricsSource.parse(AT, Q, 502, "<html>Bad Gateway</html>");
        assertThat(r.failed()).isTrue();
        assertThat(r.error()).contains("502");
    }

    @Test
    void anUnreachablePrometheusIsAReadingErrorNotAnException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Reading r =
                new PrometheusMetricsSource(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1)).read(Q, AT);
        assertThat(r.failed()).isTrue();
        assertThat(r.error()).contains("did not answer");
    }
}
