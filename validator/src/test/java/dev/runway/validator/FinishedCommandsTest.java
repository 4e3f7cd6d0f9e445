package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class FinishedCommandsTest {

    @Test
    void remembersUpToItsCapacityAndForgetsTheOldestFirst() {
        FinishedCommands finished = new FinishedCommands(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        finished.add(first);
        finished.add(second);
        finished.add(third);

        assertThat(finished.contains(first)).isFalse();
        assertThat(finished.contains(second)).isTrue();
        assertThat(finished.contains(third)).isTrue();
    }
}
