package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void readsTheVersionFromAHealthBody() {
        assertThat(Checks.reportedVersion("{\"status\":\"healthy\",\"version\":\"v1.4.0\",\"build\":\"17\"}"))
                .isEqualTo("v1.4.0");
    }

    @Test
    void findsNoVersionInABodyThatIsNotJsonOrHasNone() {
        assertThat(Checks.reportedVersion("OK")).isNull();
        assertThat(Checks.reportedVersion("{\"status\":\"healthy\"}")).isNull();
        assertThat(Checks.reportedVersion("{\"version\":{\"major\":1}}")).isNull();
        assertThat(Checks.reportedVersion("")).isNull();
        assertThat(Checks.reportedVersion(null)).isNull();
    }

    @Test
    void aLeadingVIsNotADifferentVersion() {
        assertThat(Checks.sameVersion("v1.4.0", "1.4.0")).isTrue();
        assertThat(Checks.sameVersion("1.4.0", "V1.4.0")).isTrue();
        assertThat(Checks.sameVersion("1.4.0", "1.4.1")).isFalse();
        assertThat(Checks.sameVersion("v1.4.0", "1.4")).isFalse();
    }

    @Test
    void acceptsTheRunbooksPrometheusExample() {
        assertThat(Checks.isPrometheusText("# HELP http_requests_total Total HTTP requests\n"
                        + "# TYPE http_requests_total counter\n"
                        + "http_requests_total{method=\"GET\",status=\"200\"} 12345\n"
                        + "process_start_time_seconds 1.7e9 1732630800000\n"
                        + "jvm_gc_pause_seconds NaN\n"))
                .isTrue();
    }

    @Test
    void rejectsBodiesThatAreNotPrometheusText() {
        assertThat(Checks.isPrometheusText("{\"requests\": 12}")).isFalse();
        assertThat(Checks.isPrometheusText("# TYPE up gauge\n")).as("no sample").isFalse();
        assertThat(Checks.isPrometheusText("up 1\n")).as("no TYPE line").isFalse();
        assertThat(Checks.isPrometheusText("# TYPE up gauge\nup one\n"))
                .as("value not a number")
                .isFalse();
        assertThat(Checks.isPrometheusText("# TYPE up sometype\nup 1\n"))
                .as("unknown metric type")
                .isFalse();
        assertThat(Checks.isPrometheusText("<html>metrics</html>")).isFalse();
        assertThat(Checks.isPrometheusText(null)).isFalse();
    }
}
