package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(3));

    @ParameterizedTest
    @CsvSource({"0, true", "429, true", "500, true", "503, true", "400, false", "401, false", "403, false", "404, false"
    })
    void retriesOnlyRateLimitsServerErrorsAndMissingAnswers(int status, boolean transientFailure) {
        assertThat(RetryPolicy.isTransient(status)).isEqualTo(transientFailure);
    }

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.backoffAfter(40)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void stopsAfterMaxAttempts() {
        assertThat(policy.allowsAnotherAfter(3)).isTrue();
        assertThat(policy.allowsAnotherAfter(4)).isFalse();
    }
}
