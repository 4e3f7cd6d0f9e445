package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AssessorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:20:00Z");
    private static final Check HEALTH = Check.status("health", "/health");
    private static final Check READY = Check.status("ready", "/ready");
    private static final Check LIVE = Check.status("live", "/live");
    private static final Check VERSION = new Check("version", CheckKind.VERSION_REPORTED, "/health", 200, null);
    private static final Check METRICS = new Check("metrics", CheckKind.PROMETHEUS_METRICS, "/metrics", 200, null);
    private static final String HEALTHY = "{\"status\":\"healthy\",\"version\":\"v1.4.0\"}";
    private static final String PROMETHEUS = "# HELP http_requests_total Total HTTP requests\n"
            + "# TYPE http_requests_total counter\nhttp_requests_total{method=\"GET\",status=\"200\"} 12345\n";

    private static ProbeResponse ok(String body) {
        return ProbeResponse.answered(200, body, Duration.ofMillis(20));
    }

    private static ProbeResponse status(int status) {
        return ProbeResponse.answered(status, "", Duration.ofMillis(20));
    }

    private static ProbeResponse refused() {
        return ProbeResponse.noAnswer("ConnectException: Connection refused", Duration.ofMillis(3));
    }

    private static RunChecks command(List<Check> checks, String expectedVersion, int passRate, long maxMillis) {
        return new RunChecks("http://shop.internal", checks, expectedVersion, passRate, maxMillis);
    }

    private static Verdict assess(RunChecks command, List<ProbeResponse> responses) {
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            results.add(Checks.judge(command.checks().get(i), responses.get(i), command.expectedVersion()));
        }
        return Assessor.assess(command, results, NOW);
    }

    private static Verdict.Breached breached(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Breached.class);
        return (Verdict.Breached) verdict;
    }

    @Nested
    class WhenEverythingPasses {

        @Test
        void succeedsWithTheReportedVersionAndCounts() {
            Verdict verdict = assess(
                    command(List.of(HEALTH, VERSION, METRICS), "1.4.0", 100, 500),
                    List.of(ok(HEALTHY), ok(HEALTHY), ok(PROMETHEUS)));

            assertThat(verdict).isInstanceOf(Verdict.Passed.class);
            Verdict.Passed passed = (Verdict.Passed) verdict;
            assertThat(passed.reportedVersion()).isEqualTo("v1.4.0");
            assertThat(passed.passed()).isEqualTo(3);
            assertThat(passed.total()).isEqualTo(3);
            assertThat(passed.summary()).isEqualTo("3 of 3 checks passed (100%), version v1.4.0");
        }

        @Test
        void recordsAStatusAndAResponseTimeMeasurementPerCheck() {
            Verdict verdict =
                    assess(command(List.of(HEALTH, VERSION), "1.4.0", 100, 500), List.of(ok(HEALTHY), ok(HEALTHY)));

            assertThat(verdict.measurements())
                    .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "health", "200", "http_status", Measurement.Status.SUCCESSFUL),
                            org.assertj.core.groups.Tuple.tuple(
                                    "health.responseTime", "20", "ms", Measurement.Status.SUCCESSFUL),
                            org.assertj.core.groups.Tuple.tuple(
                                    "version", "200", "http_status", Measurement.Status.SUCCESSFUL),
                            org.assertj.core.groups.Tuple.tuple(
                                    "version.version", "v1.4.0", "", Measurement.Status.SUCCESSFUL),
                            org.assertj.core.groups.Tuple.tuple(
                                    "version.responseTime", "20", "ms", Measurement.Status.SUCCESSFUL));
            assertThat(verdict.measurements()).allMatch(m -> m.at().equals(NOW));
        }

        @Test
        void reportsNoVersionWhenNoCheckReadOne() {
            Verdict.Passed passed =
                    (Verdict.Passed) assess(command(List.of(HEALTH), null, 100, 500), List.of(ok("OK")));

            assertThat(passed.reportedVersion()).isNull();
        }

        @Test
        void preFlightWithoutExpectedVersionJustReadsTheCurrentOne() {
            Verdict.Passed passed = (Verdict.Passed)
                    assess(command(List.of(VERSION), null, 100, 500), List.of(ok("{\"version\":\"1.3.9\"}")));

            assertThat(passed.reportedVersion()).isEqualTo("1.3.9");
        }

        @Test
        void toleratesOneFailedSmokeCheckOfTwentyAtTheRunbooksNinetyFivePercent() {
            List<Check> checks = smokeChecks(20);
            List<ProbeResponse> responses = new ArrayList<>(
                    IntStream.range(0, 19).mapToObj(i -> ok("ok")).toList());
            responses.add(status(500));

            Verdict verdict = assess(command(checks, null, 95, 500), responses);

            assertThat(verdict).isInstanceOf(Verdict.Passed.class);
            assertThat(((Verdict.Passed) verdict).summary())
                    .isEqualTo(
                            "19 of 20 checks passed (95%); within the 95% threshold: /smoke/19 answered 500, expected 200");
        }
    }

    @Nested
    class WhenSomethingBreaks {

        @Test
        void noAnswerFromAnyCheckIsAnUnresponsiveApplication() {
            Verdict.Breached breached = breached(
                    assess(command(List.of(HEALTH, VERSION), "1.4.0", 100, 500), List.of(refused(), refused())));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.APPLICATION_UNRESPONSIVE);
            assertThat(breached.reason())
                    .isEqualTo(
                            "the application at http://shop.internal did not answer any of 2 check(s): ConnectException: Connection refused");
            assertThat(breached.measurements())
                    .filteredOn(m -> m.name().equals("health"))
                    .extracting(Measurement::status)
                    .containsExactly(Measurement.Status.ERROR);
        }

        @Test
        void aHealthEndpointAnsweringOtherThanExpectedIsAFailedHealthCheck() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, READY, LIVE), null, 100, 500),
                    List.of(status(503), ok("ready"), ok("live"))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
            assertThat(breached.reason()).isEqualTo("/health answered 503, expected 200");
        }

        @Test
        void aHealthAndAVersionCheckOfTheSameFailingEndpointAreNamedOnce() {
            Verdict.Breached breached = breached(
                    assess(command(List.of(HEALTH, VERSION), "1.5.0", 100, 500), List.of(status(503), status(503))));

            assertThat(breached.reason()).isEqualTo("/health answered 503, expected 200");
        }

        @Test
        void everyFailingHealthEndpointIsNamed() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, READY, LIVE), null, 100, 500), List.of(ok("ok"), status(500), refused())));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
            assertThat(breached.reason())
                    .isEqualTo(
                            "/ready answered 500, expected 200; /live did not answer: ConnectException: Connection refused");
        }

        @Test
        void aHealthFailureOutranksAVersionMismatchAndALowPassRate() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, VERSION, Check.status("home", "/")), "2.0.0", 100, 500),
                    List.of(status(503), ok("{\"version\":\"1.0.0\"}"), status(404))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
        }

        @Test
        void aDifferentReportedVersionIsAVersionMismatch() {
            Verdict.Breached breached = breached(
                    assess(command(List.of(HEALTH, VERSION), "1.4.1", 50, 500), List.of(ok(HEALTHY), ok(HEALTHY))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.VERSION_MISMATCH);
            assertThat(breached.reason()).isEqualTo("/health reports version v1.4.0, expected 1.4.1");
        }

        @Test
        void aHealthBodyWithoutVersionIsAVersionMismatch() {
            Verdict.Breached breached = breached(
                    assess(command(List.of(VERSION), "1.4.0", 0, 500), List.of(ok("{\"status\":\"healthy\"}"))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.VERSION_MISMATCH);
            assertThat(breached.reason()).isEqualTo("/health reports no version, expected 1.4.0");
        }

        @Test
        void aVersionMismatchOutranksALowPassRate() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(VERSION, Check.status("home", "/")), "2.0.0", 100, 500),
                    List.of(ok("{\"version\":\"1.0.0\"}"), status(404))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.VERSION_MISMATCH);
        }

        @Test
        void eighteenOfTwentySmokeChecksIsBelowTheRunbooksThreshold() {
            List<ProbeResponse> responses = new ArrayList<>(
                    IntStream.range(0, 18).mapToObj(i -> ok("ok")).toList());
            responses.add(status(500));
            responses.add(refused());

            Verdict.Breached breached = breached(assess(command(smokeChecks(20), null, 95, 500), responses));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
            assertThat(breached.reason())
                    .isEqualTo(
                            "18 of 20 smoke checks passed (90%), threshold 95%: "
                                    + "/smoke/18 answered 500, expected 200; /smoke/19 did not answer: ConnectException: Connection refused");
        }

        @Test
        void aRateJustBelowTheThresholdIsNotRoundedUpToIt() {
            List<ProbeResponse> responses = new ArrayList<>(
                    IntStream.range(0, 18).mapToObj(i -> ok("ok")).toList());
            responses.add(status(500));

            Verdict.Breached breached = breached(assess(command(smokeChecks(19), null, 95, 500), responses));

            assertThat(breached.reason()).startsWith("18 of 19 smoke checks passed (94%), threshold 95%");
        }

        @Test
        void aMissingBodyTextFailsTheCheck() {
            Check login = new Check("login", CheckKind.HTTP_STATUS, "/login", 200, "Sign in");

            Verdict.Breached breached = breached(assess(command(List.of(login), null, 100, 500), List.of(ok("Oops"))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
            assertThat(breached.reason()).endsWith("/login answered without \"Sign in\" in its body");
        }

        @Test
        void aResponseSlowerThanTheLimitIsLatencyAboveThreshold() {
            Check orders = Check.status("orders", "/api/orders");

            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, orders), null, 100, 500),
                    List.of(ok("ok"), ProbeResponse.answered(200, "[]", Duration.ofMillis(812)))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
            assertThat(breached.reason()).isEqualTo("/api/orders took 812 ms, limit 500 ms");
            assertThat(breached.measurements())
                    .filteredOn(m -> m.name().equals("orders.responseTime"))
                    .extracting(Measurement::status)
                    .containsExactly(Measurement.Status.FAILED);
        }

        @Test
        void aResponseExactlyAtTheLimitIsFine() {
            Verdict verdict = assess(
                    command(List.of(HEALTH), null, 100, 500),
                    List.of(ProbeResponse.answered(200, "ok", Duration.ofMillis(500))));

            assertThat(verdict).isInstanceOf(Verdict.Passed.class);
        }

        @Test
        void aLowPassRateOutranksLatency() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, Check.status("home", "/")), null, 100, 500),
                    List.of(ProbeResponse.answered(200, "ok", Duration.ofMillis(900)), status(404))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
        }

        @Test
        void metricsNotInPrometheusFormatAreUnavailable() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, METRICS), null, 50, 500), List.of(ok("ok"), ok("{\"requests\": 12}"))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.METRICS_UNAVAILABLE);
            assertThat(breached.reason()).isEqualTo("/metrics answered 200 but not in Prometheus text format");
        }

        @Test
        void latencyOutranksUnavailableMetrics() {
            Verdict.Breached breached = breached(assess(
                    command(List.of(HEALTH, METRICS), null, 50, 500),
                    List.of(ProbeResponse.answered(200, "ok", Duration.ofMillis(900)), status(404))));

            assertThat(breached.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
        }
    }

    private static List<Check> smokeChecks(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Check.status("smoke-" + i, "/smoke/" + i))
                .toList();
    }
}
