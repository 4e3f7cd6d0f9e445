package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                            tuple("health", "200", "http_status", Measurement.Status.SUCCESSFUL),
                            tuple("health.responseTime", "20", "ms", Measurement.Status.SUCCESSFUL),
                            tuple("version", "200", "http_status", Measurement.Status.SUCCESSFUL),
                            tuple("version.version", "v1.4.0", "", Measurement.Status.SUCCESSFUL),
                            tuple("version.responseTime", "20", "ms", Measurement.Status.SUCCESSFUL));
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

    @Nested
    class ThePublicEndpoint {

        private static final Check TLS = Check.tlsCertificate("tls-certificate", "https://shop.example/", 30);
        private static final Check REDIRECT = Check.httpsRedirect("https-redirect", "http://shop.example/");
        private static final Check HSTS = Check.hsts("hsts", "https://shop.example/", 31_536_000L);

        private static CheckResult certificate(boolean passed, String explanation) {
            return new CheckResult(
                    TLS,
                    null,
                    passed,
                    null,
                    passed ? null : explanation,
                    new CheckResult.Reading(null, passed ? "400" : "10", "days", "> 30 days", explanation, false));
        }

        private static ProbeResponse redirect() {
            return ProbeResponse.answered(
                    301, Map.of("Location", List.of("https://shop.example/")), "", Duration.ofMillis(4));
        }

        private static ProbeResponse hsts(String value) {
            return ProbeResponse.answered(
                    200, Map.of("Strict-Transport-Security", List.of(value)), "", Duration.ofMillis(6));
        }

        private static RunChecks phase5(List<String> notChecked) {
            return new RunChecks(
                    "http://shop.internal",
                    List.of(HEALTH, TLS, REDIRECT, HSTS),
                    "1.4.0",
                    100,
                    500,
                    "production",
                    notChecked);
        }

        private static List<CheckResult> results(CheckResult certificate, String hsts) {
            RunChecks run = phase5(List.of());
            return List.of(
                    Checks.judge(HEALTH, ok(HEALTHY), "1.4.0"),
                    certificate,
                    Checks.judge(REDIRECT, redirect(), null),
                    Checks.judge(run.checks().get(3), hsts(hsts), null));
        }

        @Test
        void aPassingPhaseFiveListsWhatItMeasuredOnThePublicEndpoint() {
            String valid = "certificate CN=shop.example valid until 2028-01-01T00:00:00Z (400 days) > 30 days;"
                    + " chain valid (2 certificates)";
            Verdict verdict =
                    Assessor.assess(phase5(List.of()), results(certificate(true, valid), "max-age=31536000"), NOW);

            assertThat(verdict).isInstanceOf(Verdict.Passed.class);
            assertThat(((Verdict.Passed) verdict).summary())
                    .isEqualTo("4 of 4 checks passed (100%); " + valid
                            + "; http://shop.example/ answered 301 -> https://shop.example/"
                            + "; https://shop.example/ answered 200 with Strict-Transport-Security"
                            + " \"max-age=31536000\": max-age 31536000 >= 31536000 s");
            assertThat(verdict.measurements())
                    .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                    .contains(
                            tuple("tls-certificate", "400", "days", Measurement.Status.SUCCESSFUL),
                            tuple("https-redirect", "301", "http_status", Measurement.Status.SUCCESSFUL),
                            tuple(
                                    "https-redirect.location",
                                    "https://shop.example/",
                                    "",
                                    Measurement.Status.SUCCESSFUL),
                            tuple("hsts.maxAge", "31536000", "s", Measurement.Status.SUCCESSFUL));
            assertThat(verdict.measurements())
                    .extracting(Measurement::name)
                    .doesNotContain("tls-certificate.responseTime");
        }

        @Test
        void aCertificateTooCloseToExpiryBreachesWithItsExpiryDate() {
            String expiring = "certificate CN=shop.example valid until 2026-12-07T09:00:00Z (10 days) <= 30 days;"
                    + " chain valid (2 certificates)";
            Verdict.Breached breach = breached(
                    Assessor.assess(phase5(List.of()), results(certificate(false, expiring), "max-age=600"), NOW));

            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TLS_CERTIFICATE_INVALID);
            assertThat(breach.reason()).isEqualTo(expiring);
        }

        @Test
        void aShortHstsBreachesAsHttpsNotEnforced() {
            Verdict.Breached breach = breached(
                    Assessor.assess(phase5(List.of()), results(certificate(true, "valid"), "max-age=600"), NOW));

            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.HTTPS_NOT_ENFORCED);
            assertThat(breach.reason()).contains("max-age 600 < 31536000 s");
        }

        @Test
        void whatTheCommandLeftOutIsRepeatedInTheSummary() {
            RunChecks run = new RunChecks(
                    "http://shop.internal",
                    List.of(HEALTH),
                    "1.4.0",
                    100,
                    500,
                    "production",
                    List.of("TLS certificate, HTTPS redirect and HSTS not checked: no public-url configured"));
            Verdict verdict = Assessor.assess(run, List.of(Checks.judge(HEALTH, ok(HEALTHY), "1.4.0")), NOW);

            assertThat(((Verdict.Passed) verdict).summary())
                    .isEqualTo("1 of 1 checks passed (100%); TLS certificate, HTTPS redirect and HSTS not checked:"
                            + " no public-url configured");
        }
    }
}
