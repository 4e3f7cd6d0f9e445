package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static final Check TLS = Check.tlsCertificate("tls-certificate", "https://shop.example/", 30);
    private static final Check REDIRECT = Check.httpsRedirect("https-redirect", "http://shop.example/");
    private static final Check HSTS = Check.hsts("hsts", "https://shop.example/", 31_536_000L);
    /** CN=shop.example, valid from 2026-01-01T00:00:00Z until 2028-01-01T00:00:00Z. */
    private static final X509Certificate SHOP = certificate("/shop-example-until-2028.pem");

    private static X509Certificate certificate(String resource) {
        try (InputStream in = ChecksTest.class.getResourceAsStream(resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProbeResponse answered(int status, Map<String, List<String>> headers) {
        return ProbeResponse.answered(status, headers, "", Duration.ofMillis(5));
    }

    @Test
    void readsMaxAgeFromAStrictTransportSecurityValueAsABrowserDoes() {
        assertThat(Checks.hstsMaxAge("max-age=31536000")).hasValue(31_536_000L);
        assertThat(Checks.hstsMaxAge("max-age=31536000; includeSubDomains; preload"))
                .hasValue(31_536_000L);
        assertThat(Checks.hstsMaxAge("includeSubDomains;  Max-Age = \"600\" ")).hasValue(600L);
        assertThat(Checks.hstsMaxAge("max-age=0")).hasValue(0L);
        assertThat(Checks.hstsMaxAge("max-age=99999999999999999999999")).hasValue(Long.MAX_VALUE);
    }

    @Test
    void findsNoMaxAgeWhereABrowserWouldIgnoreTheHeader() {
        assertThat(Checks.hstsMaxAge("includeSubDomains")).isEqualTo(OptionalLong.empty());
        assertThat(Checks.hstsMaxAge("max-age")).isEmpty();
        assertThat(Checks.hstsMaxAge("max-age=")).isEmpty();
        assertThat(Checks.hstsMaxAge("max-age=-1")).isEmpty();
        assertThat(Checks.hstsMaxAge("max-age=1y")).isEmpty();
        assertThat(Checks.hstsMaxAge("max-age=600; max-age=31536000")).isEmpty();
    }

    @Test
    void countsWholeDaysLeftTowardsNow() {
        Instant notAfter = Instant.parse("2028-01-01T00:00:00Z");
        assertThat(Checks.daysLeft(Instant.parse("2027-12-22T00:00:00Z"), notAfter))
                .isEqualTo(10);
        assertThat(Checks.daysLeft(Instant.parse("2027-12-22T00:00:01Z"), notAfter))
                .isEqualTo(9);
        assertThat(Checks.daysLeft(Instant.parse("2028-01-03T12:00:00Z"), notAfter))
                .isEqualTo(-2);
    }

    @Test
    void aCertificateExpiringInTenDaysFailsNamingItsExpiryDate() {
        CheckResult result = Checks.judgeCertificate(
                TLS, PeerCertificates.presented(List.of(SHOP), null), Instant.parse("2027-12-22T00:00:00Z"));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("certificate CN=shop.example valid until 2028-01-01T00:00:00Z (10 days) <= 30 days;"
                        + " chain valid (1 certificate)");
        assertThat(result.reading().value()).isEqualTo("10");
        assertThat(result.reading().unit()).isEqualTo("days");
        assertThat(result.reading().threshold()).isEqualTo("> 30 days");
    }

    @Test
    void aCertificateValidFor400DaysWithAValidChainPasses() {
        CheckResult result = Checks.judgeCertificate(
                TLS, PeerCertificates.presented(List.of(SHOP), null), Instant.parse("2026-11-27T00:00:00Z"));

        assertThat(result.passed()).isTrue();
        assertThat(result.finding()).isNull();
        assertThat(result.reading().explanation())
                .isEqualTo("certificate CN=shop.example valid until 2028-01-01T00:00:00Z (400 days) > 30 days;"
                        + " chain valid (1 certificate)");
    }

    @Test
    void aLongValidCertificateWhoseChainDoesNotValidateFailsSayingWhy() {
        CheckResult result = Checks.judgeCertificate(
                TLS,
                PeerCertificates.presented(
                        List.of(SHOP), "NO_TRUST_ANCHOR: Path does not chain with any of the trust anchors"),
                Instant.parse("2026-11-27T00:00:00Z"));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .endsWith("(400 days) > 30 days; chain invalid (1 certificate): NO_TRUST_ANCHOR: Path does not chain"
                        + " with any of the trust anchors");
    }

    @Test
    void anExpiredCertificateSaysSince() {
        CheckResult result = Checks.judgeCertificate(
                TLS, PeerCertificates.presented(List.of(SHOP), null), Instant.parse("2028-01-04T00:00:00Z"));

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .startsWith("certificate CN=shop.example expired at 2028-01-01T00:00:00Z (3 days ago)");
    }

    @Test
    void noHandshakeIsAnErrorNamingWhy() {
        CheckResult result = Checks.judgeCertificate(
                TLS, PeerCertificates.noHandshake("ConnectException: Connection refused"), Instant.now());

        assertThat(result.passed()).isFalse();
        assertThat(result.answered()).isFalse();
        assertThat(result.finding())
                .isEqualTo("no TLS handshake with https://shop.example/: ConnectException: Connection refused");
    }

    @Test
    void aPermanentRedirectToHttpsPasses() {
        CheckResult result =
                Checks.judge(REDIRECT, answered(301, Map.of("Location", List.of("https://shop.example/"))), null);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("http://shop.example/ answered 301 -> https://shop.example/");
    }

    @Test
    void noRedirectATemporaryOneOrOneToHttpFails() {
        assertThat(Checks.judge(REDIRECT, answered(200, Map.of()), null).finding())
                .isEqualTo("http://shop.example/ answered 200, no redirect; expected 301 to an https:// location");
        assertThat(Checks.judge(REDIRECT, answered(302, Map.of("location", List.of("https://shop.example/"))), null)
                        .finding())
                .isEqualTo("http://shop.example/ answered 302 -> https://shop.example/; expected 301 to an https://"
                        + " location");
        assertThat(Checks.judge(REDIRECT, answered(301, Map.of("location", List.of("http://shop.example/x"))), null)
                        .passed())
                .isFalse();
    }

    @Test
    void hstsOfAYearPassesAndSaysTheValueSeen() {
        CheckResult result = Checks.judge(
                HSTS,
                answered(200, Map.of("Strict-Transport-Security", List.of("max-age=31536000; includeSubDomains"))),
                null);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().value()).isEqualTo("31536000");
        assertThat(result.reading().explanation())
                .isEqualTo("https://shop.example/ answered 200 with Strict-Transport-Security \"max-age=31536000;"
                        + " includeSubDomains\": max-age 31536000 >= 31536000 s");
    }

    @Test
    void hstsMissingOrTooShortFailsSayingWhatWasSeen() {
        assertThat(Checks.judge(HSTS, answered(200, Map.of()), null).finding())
                .isEqualTo("https://shop.example/ answered 200 without Strict-Transport-Security; expected max-age"
                        + " >= 31536000 s");
        assertThat(Checks.judge(HSTS, answered(200, Map.of("strict-transport-security", List.of("max-age=600"))), null)
                        .finding())
                .isEqualTo("https://shop.example/ answered 200 with Strict-Transport-Security \"max-age=600\": max-age"
                        + " 600 < 31536000 s");
        assertThat(Checks.judge(
                                HSTS,
                                answered(503, Map.of("strict-transport-security", List.of("max-age=31536000"))),
                                null)
                        .finding())
                .endsWith("max-age 31536000 >= 31536000 s; expected status 200");
    }

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

    private static final Check PAYMENTS =
            Check.integrationHealth("integration payments", "/api/v1/integrations/payments/health", null);

    @Test
    void anIntegrationConnectedWithinTheLimitPassesNamingItsLatency() {
        CheckResult result = Checks.judgeIntegration(
                PAYMENTS,
                ProbeResponse.answered(200, "{\"status\":\"connected\",\"latency_ms\":42}", Duration.ofMillis(5)),
                1000);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().value()).isEqualTo("42");
        assertThat(result.reading().explanation()).isEqualTo("integration payments: connected, latency_ms 42 < 1000");
    }

    @Test
    void anIntegrationDisconnectedSlowOrDownFailsSayingWhatItSaw() {
        assertThat(Checks.judgeIntegration(
                                PAYMENTS,
                                ProbeResponse.answered(
                                        200, "{\"status\":\"disconnected\",\"latency_ms\":3}", Duration.ZERO),
                                1000)
                        .finding())
                .isEqualTo("integration payments: GET /api/v1/integrations/payments/health answered 200 with status"
                        + " \"disconnected\", expected \"connected\"");
        assertThat(Checks.judgeIntegration(
                                PAYMENTS,
                                ProbeResponse.answered(
                                        200, "{\"status\":\"connected\",\"latency_ms\":1500}", Duration.ZERO),
                                1000)
                        .finding())
                .isEqualTo("integration payments: connected, latency_ms 1500 >= 1000");
        assertThat(Checks.judgeIntegration(PAYMENTS, ProbeResponse.answered(503, "", Duration.ZERO), 1000)
                        .finding())
                .isEqualTo("integration payments: GET /api/v1/integrations/payments/health answered 503, expected 200");
        CheckResult down =
                Checks.judgeIntegration(PAYMENTS, ProbeResponse.noAnswer("Connection refused", Duration.ZERO), 1000);
        assertThat(down.passed()).isFalse();
        assertThat(down.reading().error()).isTrue();
    }

    @Test
    void aLabelValueHoldingBracesOrEscapedQuotesIsStillPrometheusText() {
        Check metrics = new Check("metrics", RunChecks.CheckKind.PROMETHEUS_METRICS, "/metrics", 200, null);
        String exposition = "# TYPE http_requests_total counter\n"
                + "http_requests_total{route=\"/api/v1/integrations/{name}/health\",note=\"say \\\"hi\\\"\"} 3\n";

        assertThat(Checks.judge(metrics, ProbeResponse.answered(200, exposition, Duration.ZERO), null)
                        .passed())
                .isTrue();
        assertThat(Checks.judge(
                                metrics,
                                ProbeResponse.answered(200, "http_requests_total{route=\"/x} 3\n", Duration.ZERO),
                                null)
                        .passed())
                .isFalse();
    }
}
