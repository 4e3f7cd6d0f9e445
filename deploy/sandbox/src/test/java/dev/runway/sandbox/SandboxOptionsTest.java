package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void sendsTwentySyntheticRequestsPerSecondUnlessToldOtherwise() {
        assertThat(SandboxOptions.demo(Duration.ofMillis(100)).requestsPerSecond())
                .isEqualTo(20);
        assertThat(new SandboxOptions(0, 0, Duration.ofSeconds(1), ImageCatalogue.demo(), true).requestsPerSecond())
                .isEqualTo(20);
        assertThat(SandboxOptions.demo(Duration.ofMillis(100))
                        .withRequestsPerSecond(0)
                        .requestsPerSecond())
                .isZero();
    }

    @Test
    void rejectsANegativeOrExcessiveRate() {
        SandboxOptions options = SandboxOptions.demo(Duration.ofMillis(100));

        assertThatThrownBy(() -> options.withRequestsPerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withRequestsPerSecond(1001)).isInstanceOf(IllegalArgumentException.class);
    }
}
