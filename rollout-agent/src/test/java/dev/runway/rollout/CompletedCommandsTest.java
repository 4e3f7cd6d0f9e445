package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompletedCommandsTest {

    @Test
    void remembersFinishedCommands() {
        CompletedCommands completed = new CompletedCommands(10);
        UUID id = UUID.randomUUID();

        completed.add(id);

        assertThat(completed.contains(id)).isTrue();
        assertThat(completed.contains(UUID.randomUUID())).isFalse();
    }

    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        CompletedCommands completed = new CompletedCommands(2);
        UUID oldest = UUID.randomUUID();
        UUID middle = UUID.randomUUID();
        UUID newest = UUID.randomUUID();

        completed.add(oldest);
        completed.add(middle);
        completed.add(newest);

        assertThat(completed.contains(oldest)).isFalse();
        assertThat(completed.contains(middle)).isTrue();
        assertThat(completed.contains(newest)).isTrue();
    }
}
