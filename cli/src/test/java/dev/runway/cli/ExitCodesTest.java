package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.ReleaseStatus;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void eachEndOfAReleaseHasItsOwnExitCode() {
        assertThat(ExitCodes.forStatus(ReleaseStatus.COMPLETED)).isEqualTo(OptionalInt.of(0));
        assertThat(ExitCodes.forStatus(ReleaseStatus.ROLLED_BACK)).isEqualTo(OptionalInt.of(10));
        assertThat(ExitCodes.forStatus(ReleaseStatus.FAILED)).isEqualTo(OptionalInt.of(11));
        assertThat(ExitCodes.forStatus(ReleaseStatus.ABORTED)).isEqualTo(OptionalInt.of(12));
    }

    @Test
    void aReleaseStillGoingHasNoExitCodeYet() {
        assertThat(ExitCodes.forStatus(ReleaseStatus.RUNNING)).isEmpty();
        assertThat(ExitCodes.forStatus(ReleaseStatus.AWAITING_DECISION)).isEmpty();
        assertThat(ExitCodes.forStatus(ReleaseStatus.ROLLING_BACK)).isEmpty();
    }

    @Test
    void exactlyTheTerminalStatusesEndFollowing() {
        for (ReleaseStatus status : ReleaseStatus.values()) {
            assertThat(ExitCodes.forStatus(status).isPresent())
                    .as(status.name())
                    .isEqualTo(status.terminal());
        }
    }

    @Test
    void theHelpListsEveryCode() {
        assertThat(String.format(ExitCodes.HELP))
                .contains("   0  ", "   1  ", "   2  ", "   3  ", "  10  ", "  11  ", "  12  ", "  13  ");
    }
}
