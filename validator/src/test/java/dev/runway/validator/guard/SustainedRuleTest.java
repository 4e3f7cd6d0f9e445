package dev.runway.validator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SustainedRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final String QUERY = "sum(rate(http_requests_total{code=~\"5..\"}[30s]))";
    private static final GuardRule FIVE_PERCENT_FOR_A_MINUTE = new GuardRule(
            "error-rate-immediate",
            GuardMetric.ERROR_RATE,
            0.05,
            60,
            5,
            Severity.IMMEDIATE,
            RollbackTrigger.ERROR_RATE_SUSTAINED);

    private RuleProgress progress = RuleProgress.start(FIVE_PERCENT_FOR_A_MINUTE, Limits.DEFAULTS);

    @Test
    void aBreachLastingExactlyTheWindowFires() {
        for (int s = 0; s < 60; s += 5) {
            observe(s, 0.10);
            assertThat(progress.assessment()).as("after %d s", s).isEqualTo(Assessment.SUCCESSFUL);
        }
        observe(60, 0.10);
        assertThat(progress.assessment()).isEqualTo(Assessment.FAILED);
        assertThat(progress.breachLasted()).hasSeconds(60);
    }

    @Test
    void aRuleFiresWithinOneIntervalOfTheWindowsEndWhenTheBreachStartsBetweenSamples() {
        observe(0, 0.01);
        // the breach really began at 2 s; the first sample to see it is at 5 s
        for (int s = 5; s < 65; s += 5) {
            observe(s, 0.10);
            assertThat(progress.assessment()).isEqualTo(Assessment.SUCCESSFUL);
        }
        observe(65, 0.10);
        assertThat(progress.assessment()).isEqualTo(Assessment.FAILED);
    }

    @Test
    void aDipInsideTheWindowResetsIt() {
        for (int s = 0; s <= 40; s += 5) {
            observe(s, 0.10);
        }
        observe(45, 0.02);
        for (int s = 50; s < 110; s += 5) {
            observe(s, 0.10);
            assertThat(progress.assessment()).as("after %d s", s).isEqualTo(Assessment.SUCCESSFUL);
        }
        observe(110, 0.10);
        assertThat(progress.assessment()).isEqualTo(Assessment.FAILED);
        assertThat(progress.breachingSince()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void aValueExactlyAtTheThresholdIsNoBreach() {
        for (int s = 0; s <= 120; s += 5) {
            observe(s, 0.05);
        }
        assertThat(progress.assessment()).isEqualTo(Assessment.SUCCESSFUL);
    }

    @Test
    void nanIsInconclusiveNeverSuccessful() {
        progress = SustainedRule.observe(progress, Reading.of(T0, QUERY, Double.NaN));
        assertThat(progress.assessment()).isEqualTo(Assessment.INCONCLUSIVE);
        progress = SustainedRule.observe(progress, Reading.noData(T0.plusSeconds(5), QUERY));
        assertThat(progress.assessment()).isEqualTo(Assessment.INCONCLUSIVE);
        assertThat(Explanation.of(progress)).contains("inconclusive", "no data in the last 2 sample(s)");
    }

    @Test
    void dataWithoutTrafficEndsTheCurrentBreach() {
        for (int s = 0; s <= 50; s += 5) {
            observe(s, 0.10);
        }
        progress = SustainedRule.observe(progress, Reading.noData(T0.plusSeconds(55), QUERY));
        observe(60, 0.10);
        assertThat(progress.assessment()).isEqualTo(Assessment.SUCCESSFUL);
        assertThat(progress.breachingSince()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void consecutiveErrorsReachError() {
        for (int i = 0; i < 4; i++) {
            progress = SustainedRule.observe(progress, Reading.failed(T0.plusSeconds(5L * i), QUERY, "503"));
            assertThat(progress.assessment()).as("error %d", i + 1).isEqualTo(Assessment.SUCCESSFUL);
        }
        progress = SustainedRule.observe(progress, Reading.failed(T0.plusSeconds(20), QUERY, "connection refused"));
        assertThat(progress.assessment()).isEqualTo(Assessment.ERROR);
        assertThat(Explanation.of(progress)).contains("5 failed queries in a row", "connection refused");
    }

    @Test
    void aGoodSampleBetweenErrorsStartsTheErrorCountAgain() {
        for (int i = 0; i < 4; i++) {
            progress = SustainedRule.observe(progress, Reading.failed(T0.plusSeconds(5L * i), QUERY, "503"));
        }
        observe(20, 0.0);
        progress = SustainedRule.observe(progress, Reading.failed(T0.plusSeconds(25), QUERY, "503"));
        assertThat(progress.assessment()).isEqualTo(Assessment.SUCCESSFUL);
        assertThat(progress.consecutiveErrors()).isEqualTo(1);
    }

    @Test
    void aZeroWindowFiresOnTheFirstBreachingSample() {
        progress = RuleProgress.start(
                new GuardRule(
                        "p99",
                        GuardMetric.LATENCY_P99,
                        1.0,
                        0,
                        1,
                        Severity.EVALUATE,
                        RollbackTrigger.LATENCY_ABOVE_THRESHOLD),
                Limits.DEFAULTS);
        progress = SustainedRule.observe(progress, Reading.of(T0, "histogram_quantile(...)", 1.25));
        assertThat(progress.assessment()).isEqualTo(Assessment.FAILED);
        assertThat(Explanation.of(progress))
                .contains("p99 latency > 1000 ms for 0 s breached", "last 1250 ms", "histogram_quantile(...)");
    }

    @Test
    void theExplanationOfABreachNamesRuleThresholdWindowValuesAndQuery() {
        for (int s = 0; s <= 60; s += 5) {
            observe(s, s == 30 ? 0.12 : 0.10);
        }
        assertThat(Explanation.of(progress))
                .contains(
                        "error-rate-immediate: error rate > 5.00% for 60 s breached",
                        "last 10.00%",
                        "13 sample(s)",
                        "between 10.00% and 12.00%",
                        "above the threshold for 60 s",
                        QUERY);
    }

    @Test
    void evidenceKeepsTheWindowAndOneIntervalMore() {
        for (int s = 0; s <= 300; s += 5) {
            observe(s, 0.0);
        }
        assertThat(progress.evidence()).hasSize(14);
        assertThat(progress.evidence().get(0).at()).isEqualTo(T0.plusSeconds(235));
    }

    @Test
    void theWorstOfSeveralRulesWins() {
        RuleProgress ok = RuleProgress.start(FIVE_PERCENT_FOR_A_MINUTE, Limits.DEFAULTS);
        RuleProgress noData = SustainedRule.observe(ok, Reading.noData(T0, QUERY));
        RuleProgress error = ok;
        for (int i = 0; i < 5; i++) {
            error = SustainedRule.observe(error, Reading.failed(T0.plusSeconds(i), QUERY, "503"));
        }
        RuleProgress failed = SustainedRule.observe(
                RuleProgress.start(
                        new GuardRule(
                                "now",
                                GuardMetric.ERROR_RATE,
                                0.01,
                                0,
                                5,
                                Severity.IMMEDIATE,
                                RollbackTrigger.ERROR_RATE_SUSTAINED),
                        Limits.DEFAULTS),
                Reading.of(T0, QUERY, 0.5));

        assertThat(GuardAssessor.worst(List.of(ok))).isEqualTo(Assessment.SUCCESSFUL);
        assertThat(GuardAssessor.worst(List.of(ok, noData))).isEqualTo(Assessment.INCONCLUSIVE);
        assertThat(GuardAssessor.worst(List.of(noData, error, ok))).isEqualTo(Assessment.ERROR);
        assertThat(GuardAssessor.worst(List.of(error, failed, noData))).isEqualTo(Assessment.FAILED);
    }

    private void observe(int secondsAfterStart, double value) {
        progress = SustainedRule.observe(progress, Reading.of(T0.plusSeconds(secondsAfterStart), QUERY, value));
    }
}
