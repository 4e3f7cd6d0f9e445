package dev.runway.validator.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.Series;
import dev.runway.model.command.RunChecks.Smoke;
import dev.runway.model.event.Measurement;
import dev.runway.validator.Assessor;
import dev.runway.validator.CheckResult;
import dev.runway.validator.Checks;
import dev.runway.validator.ProbeResponse;
import dev.runway.validator.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Phase 7's judging: a smoke request's status, body text and JSON value, a latency series, and the 95% gate. */
class SmokeSuiteJudgingTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:20:00Z");
    private static final Check ORDER = Check.smokeRequest(
            "place order",
            "/api/v1/orders",
            201,
            null,
            new Smoke("POST", Map.of("Content-Type", "application/json"), "{}", null, "$.items[0].sku", "A-100", null));
    private static final Series RUNBOOK = new Series(20, 100, 200, 500, 1000);
    private static final Check HEALTH_SERIES = Check.latencySeries(
            "health latency", "/health", 200, new Smoke(null, null, null, null, null, null, RUNBOOK));

    private static ProbeResponse answered(int status, String body) {
        return ProbeResponse.answered(status, body, Duration.ofMillis(12));
    }

    @Test
    void aSmokeRequestPassesWithItsStatusAndTheValueAtItsPath() {
        CheckResult result = Checks.judge(ORDER, answered(201, "{\"items\":[{\"sku\":\"A-100\"}]}"), null);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("place order: POST /api/v1/orders answered 201 with $.items[0].sku = \"A-100\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "500|{}|place order: POST /api/v1/orders answered 500, expected 201",
                "201|{\"items\":[{\"sku\":\"B-200\"}]}"
                        + "|place order: POST /api/v1/orders answered 201 with $.items[0].sku = \"B-200\", expected \"A-100\"",
                "201|{\"items\":[]}|place order: POST /api/v1/orders answered 201 without $.items[0].sku;"
                        + " expected = \"A-100\"",
                "201|<html>created</html>|place order: POST /api/v1/orders answered 201 with a body that is not JSON;"
                        + " expected $.items[0].sku = \"A-100\"",
            })
    void aSmokeRequestFailsSayingWhatItSaw(int status, String body, String finding) {
        CheckResult result = Checks.judge(ORDER, answered(status, body), null);

        assertThat(result.passed()).isFalse();
        assertThat(result.finding()).isEqualTo(finding);
    }

    @Test
    void aNumberExpectedIsComparedAsANumber() {
        Check count = Check.smokeRequest(
                "count", "/api/v1/cart", 200, null, new Smoke(null, null, null, null, "$.count", "2", null));

        assertThat(Checks.judge(count, answered(200, "{\"count\":2.0}"), null).passed())
                .isTrue();
        assertThat(Checks.judge(count, answered(200, "{\"count\":3}"), null).finding())
                .endsWith("with $.count = 3, expected 2");
    }

    @Test
    void nearestRankPercentiles() {
        long[] oneToTwenty = LongStream.rangeClosed(1, 20).toArray();

        assertThat(Checks.percentile(oneToTwenty, 95)).isEqualTo(19);
        assertThat(Checks.percentile(oneToTwenty, 99)).isEqualTo(20);
        assertThat(Checks.percentile(new long[] {7}, 95)).isEqualTo(7);
        assertThat(Checks.percentile(LongStream.rangeClosed(1, 10).toArray(), 95))
                .isEqualTo(10);
    }

    @Test
    void aLatencySeriesWithinTheRunbooksNumbersPassesReportingEachStatistic() {
        List<ProbeResponse> series = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> ProbeResponse.answered(200, "ok", Duration.ofMillis(i * 10L)))
                .toList();

        CheckResult result = Checks.judgeSeries(HEALTH_SERIES, series);

        assertThat(result.passed()).isTrue();
        assertThat(result.reading().explanation())
                .isEqualTo("health latency: p95 190 ms <= 500 ms, p99 200 ms <= 1000 ms, avg 105 ms <= 200 ms,"
                        + " min 10 ms <= 100 ms over 20 requests to GET /health");
    }

    @Test
    void aLatencySeriesFailsOnTheStatisticOverItsLimitAndOnARequestNotAnsweredAsExpected() {
        List<ProbeResponse> slow = new ArrayList<>();
        IntStream.range(0, 18).forEach(i -> slow.add(ProbeResponse.answered(200, "ok", Duration.ofMillis(50))));
        slow.add(ProbeResponse.answered(200, "ok", Duration.ofMillis(640)));
        slow.add(ProbeResponse.answered(503, "busy", Duration.ofMillis(5)));

        CheckResult result = Checks.judgeSeries(HEALTH_SERIES, slow);

        assertThat(result.passed()).isFalse();
        assertThat(result.finding())
                .isEqualTo("health latency: p95 640 ms > 500 ms, p99 640 ms <= 1000 ms, avg 81 ms <= 200 ms,"
                        + " min 50 ms <= 100 ms over 19 requests to GET /health; 19 of 20 answered 200:"
                        + " request 20 answered 503");
    }

    @Test
    void aSeriesStoppedByARequestWithoutAnswerSaysSo() {
        List<ProbeResponse> stopped = List.of(
                ProbeResponse.answered(200, "ok", Duration.ofMillis(5)),
                ProbeResponse.noAnswer("HttpTimeoutException: request timed out", Duration.ofSeconds(2)));

        CheckResult result = Checks.judgeSeries(HEALTH_SERIES, stopped);

        assertThat(result.finding())
                .endsWith("over 1 requests to GET /health; 1 of 20 answered 200: request 2 did not answer:"
                        + " HttpTimeoutException: request timed out; stopped after 2 of 20");
    }

    /** The runbook's "If <19/20 tests pass (95% threshold)": 19 of 20 passes, listing the one that failed. */
    @Test
    void nineteenOfTwentySmokeChecksPassTheGateAndTheRowListsTheFailedOne() {
        Verdict verdict = gate(19);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Passed.class, p -> {
            assertThat(p.passed()).isEqualTo(19);
            assertThat(p.total()).isEqualTo(20);
            assertThat(p.summary())
                    .startsWith("19 of 20 checks passed (95%); ")
                    .contains("health latency: p95 ")
                    .endsWith("; within the 95% threshold: check 19: POST /api/v1/orders answered 500, expected 201");
        });
    }

    @Test
    void eighteenOfTwentyFailTheGateNamingEachFailedCheckWithWhatItSaw() {
        Verdict verdict = gate(18);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Breached.class, b -> {
            assertThat(b.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
            assertThat(b.reason())
                    .isEqualTo("18 of 20 smoke checks passed (90%), threshold 95%:"
                            + " check 18: POST /api/v1/orders answered 500, expected 201;"
                            + " check 19: POST /api/v1/orders answered 500, expected 201");
        });
    }

    @Test
    void aSlowSeriesIsALatencyBreachNamingTheStatistic() {
        RunChecks command = command(List.of(ORDER, HEALTH_SERIES));
        List<CheckResult> results = List.of(
                Checks.judge(ORDER, answered(201, "{\"items\":[{\"sku\":\"A-100\"}]}"), null),
                Checks.judgeSeries(
                        HEALTH_SERIES,
                        IntStream.range(0, 20)
                                .mapToObj(i -> ProbeResponse.answered(200, "ok", Duration.ofMillis(700)))
                                .toList()));

        Verdict.Breached breach = (Verdict.Breached) Assessor.assess(command, results, NOW);

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
        assertThat(breach.reason()).startsWith("health latency: p95 700 ms > 500 ms, p99 700 ms <= 1000 ms");
        assertThat(breach.measurements())
                .filteredOn(m -> m.name().startsWith("health latency."))
                .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                .containsExactly(
                        tuple("health latency.requests", "20", "", Measurement.Status.SUCCESSFUL),
                        tuple("health latency.p95", "700", "ms", Measurement.Status.FAILED),
                        tuple("health latency.p99", "700", "ms", Measurement.Status.SUCCESSFUL),
                        tuple("health latency.avg", "700", "ms", Measurement.Status.FAILED),
                        tuple("health latency.min", "700", "ms", Measurement.Status.FAILED));
    }

    @Test
    void aSecretEchoedByTheApplicationIsScrubbedFromWhatTheResultReports() {
        String token = "Bearer tok-9f8e7d";
        CheckResult echoed = Checks.judge(ORDER, answered(201, "{\"items\":[{\"sku\":\"" + token + "\"}]}"), null);

        CheckResult scrubbed = echoed.without(token, "[credential checkout-bot]");

        assertThat(scrubbed.finding())
                .isEqualTo("place order: POST /api/v1/orders answered 201 with $.items[0].sku ="
                        + " \"[credential checkout-bot]\", expected \"A-100\"");
        assertThat(scrubbed.reading().value()).doesNotContain(token);
        assertThat(scrubbed.response().body()).doesNotContain(token);
    }

    /** {@code passing} of 20 smoke requests pass, plus a passing latency series that the gate does not count. */
    private static Verdict gate(int passing) {
        List<Check> checks = new ArrayList<>();
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Check check = Check.smokeRequest(
                    "check " + i, "/api/v1/orders", 201, null, new Smoke("POST", null, "{}", null, null, null, null));
            checks.add(check);
            results.add(Checks.judge(check, answered(i < passing ? 201 : 500, "{}"), null));
        }
        checks.add(HEALTH_SERIES);
        results.add(Checks.judgeSeries(
                HEALTH_SERIES,
                IntStream.range(0, 20)
                        .mapToObj(i -> ProbeResponse.answered(200, "ok", Duration.ofMillis(8)))
                        .toList()));
        return Assessor.assess(command(checks), results, NOW);
    }

    private static RunChecks command(List<Check> checks) {
        return new RunChecks("http://shop.internal", checks, null, 95, 500, "production", List.of());
    }
}
