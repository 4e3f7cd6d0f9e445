package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.event.StepSucceeded;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProcessedCommandsTest {

    private static final StepSucceeded DONE = new StepSucceeded("announced", null, null);

    @Test
    void remembersHowACommandEnded() {
        ProcessedCommands processed = new ProcessedCommands(10);
        UUID command = UUID.randomUUID();

        processed.remember(command, DONE);

        assertThat(processed.conclusionOf(command)).contains(DONE);
        assertThat(processed.conclusionOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentlySeenCommandBeyondItsCapacity() {
        ProcessedCommands processed = new ProcessedCommands(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        processed.remember(first, DONE);
        processed.remember(second, DONE);
        processed.conclusionOf(first);

        processed.remember(third, DONE);

        assertThat(processed.conclusionOf(second)).isEmpty();
        assertThat(processed.conclusionOf(first)).contains(DONE);
        assertThat(processed.conclusionOf(third)).contains(DONE);
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new ProcessedCommands(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
