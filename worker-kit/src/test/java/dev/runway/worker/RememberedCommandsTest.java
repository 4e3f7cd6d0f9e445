package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.worker.RememberedCommands.Seen;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RememberedCommandsTest {

    private final RememberedCommands remembered = new RememberedCommands(10);
    private final UUID command = UUID.randomUUID();

    @Test
    void aFirstDeliveryIsNewAndThenInProgress() {
        assertThat(remembered.begin(command)).isEqualTo(Seen.NEVER);

        assertThat(remembered.begin(command)).isEqualTo(Seen.IN_PROGRESS);
    }

    @Test
    void aConcludedCommandStaysConcluded() {
        remembered.begin(command);
        remembered.concluded(command);

        assertThat(remembered.begin(command)).isEqualTo(Seen.CONCLUDED);
        assertThat(remembered.begin(command)).isEqualTo(Seen.CONCLUDED);
    }

    @Test
    void anAbandonedCommandIsNewAgain() {
        remembered.begin(command);
        remembered.abandoned(command);

        assertThat(remembered.begin(command)).isEqualTo(Seen.NEVER);
    }

    @Test
    void otherCommandsAreUnaffected() {
        remembered.begin(command);
        remembered.concluded(command);

        assertThat(remembered.begin(UUID.randomUUID())).isEqualTo(Seen.NEVER);
    }

    @Test
    void forgetsTheLeastRecentlySeenCommandBeyondItsCapacity() {
        RememberedCommands two = new RememberedCommands(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        two.begin(first);
        two.concluded(first);
        two.begin(second);
        two.concluded(second);
        assertThat(two.begin(first)).isEqualTo(Seen.CONCLUDED);

        two.begin(third);

        assertThat(two.begin(first)).isEqualTo(Seen.CONCLUDED);
        assertThat(two.begin(second)).isEqualTo(Seen.NEVER);
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new RememberedCommands(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
