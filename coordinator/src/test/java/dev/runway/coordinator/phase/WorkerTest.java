package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerTest {

    @Test
    void eachCommandTopicHasTheWorkerThatConsumesIt() {
        assertThat(Worker.consuming(Topics.MIGRATION_COMMANDS)).isEqualTo(Worker.MIGRATOR);
        assertThat(Worker.consuming(Topics.ROLLOUT_COMMANDS)).isEqualTo(Worker.ROLLOUT_AGENT);
        assertThat(Worker.consuming(Topics.CACHE_COMMANDS)).isEqualTo(Worker.ROLLOUT_AGENT);
        assertThat(Worker.consuming(Topics.VALIDATION_COMMANDS)).isEqualTo(Worker.VALIDATOR);
        assertThat(Worker.consuming(Topics.NOTIFICATION_COMMANDS)).isEqualTo(Worker.NOTIFIER);
    }

    @Test
    void aWorkerIsNamedByItsServiceNameExactly() {
        assertThat(Worker.named("rollout-agent")).contains(Worker.ROLLOUT_AGENT);
        assertThat(Worker.named("ROLLOUT_AGENT")).isEmpty();
        assertThat(Worker.named("coordinator")).isEmpty();
        assertThat(Worker.named(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Topics.EVENTS, Topics.AUDIT, "runway-commands-rollout-dlq", "runway-commands-unknown"})
    void aTopicNoWorkerConsumesIsAnErrorNotTheRolloutAgent(String topic) {
        assertThatThrownBy(() -> Worker.consuming(topic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(topic);
    }
}
