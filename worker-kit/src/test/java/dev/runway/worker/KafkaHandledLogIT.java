package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.infra.KafkaBroker;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The handled-commands log on a real broker: what one run of a worker records, the next run reads back. */
class KafkaHandledLogIT {

    private static final KafkaBroker BROKER = KafkaBrokerResource.broker();

    private final String topic = "runway-handled-kit-" + UUID.randomUUID();
    // As Quarkus gives it, with the application's consumer group, which the log's clients must not join.
    private final Map<String, Object> kafka = Map.of("bootstrap.servers", BROKER.bootstrapServers(), "group.id", "kit");
    private final List<Event> published = new ArrayList<>();
    private final AtomicInteger carriedOut = new AtomicInteger();

    @Test
    void aRestartedWorkerRepublishesWhatWasConcludedAndCarriesOutWhatWasInterrupted() throws Exception {
        Command concluded = command();
        Command interrupted = command();
        try (KafkaHandledLog log = log()) {
            CommandIntake first = intake(log, 100);
            first.accept(record(concluded), (command, reporter) -> {
                carriedOut.incrementAndGet();
                reporter.report(new StepStarted("rolling back"));
                reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
            });
            first.accept(record(interrupted), (command, reporter) -> reporter.report(new StepStarted("rolling back")));
        }
        Event concluding = published.get(1);

        try (KafkaHandledLog log = log()) {
            // capacity 1: the older conclusion is read back from the topic by its offset
            CommandIntake restarted = intake(log, 1);
            restarted.accept(record(concluded), (command, reporter) -> carriedOut.incrementAndGet());
            restarted.accept(record(interrupted), (command, reporter) -> {
                carriedOut.incrementAndGet();
                reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
            });
            Event secondConclusion = published.get(published.size() - 1);
            restarted.accept(record(concluded), (command, reporter) -> carriedOut.incrementAndGet());

            assertThat(published.get(3)).isEqualTo(concluding);
            assertThat(published.get(published.size() - 1)).isEqualTo(concluding);
            assertThat(secondConclusion.commandId()).isEqualTo(interrupted.commandId());
        }
        assertThat(carriedOut)
                .as("handlers run: the first delivery and the interrupted one")
                .hasValue(2);
    }

    @Test
    void theLogIsACompactedTopicKeyedByCommandIdWithEachStateAndTheConcludingEvent() throws Exception {
        Command command = command();
        try (KafkaHandledLog log = log()) {
            intake(log, 100).accept(record(command), (c, reporter) -> {
                reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
            });
        }

        List<ConsumerRecord<String, String>> records = new KafkaTestClient(BROKER.bootstrapServers())
                .records(topic, record -> true, seen -> seen.size() >= 2, Duration.ofSeconds(30));
        assertThat(records)
                .allSatisfy(
                        r -> assertThat(r.key()).isEqualTo(command.commandId().toString()));
        assertThat(RunwayJson.wire()
                        .readTree(records.get(0).value())
                        .get("state")
                        .asText())
                .isEqualTo("IN_PROGRESS");
        assertThat(RunwayJson.wire().readValue(records.get(1).value(), HandledCommand.class))
                .isEqualTo(HandledCommand.concluded(published.get(0)));
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void aLogThatCannotBeReadStopsTheStartWithItsReason() {
        Map<String, Object> nowhere = Map.of("bootstrap.servers", "127.0.0.1:1");
        try (KafkaHandledLog log = new KafkaHandledLog(nowhere, topic, Duration.ofSeconds(2))) {
            HandledCommands handled = new HandledCommands(log, 100);

            assertThatThrownBy(handled::load)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The handled-commands log " + topic
                            + " could not be read to its end within PT2S; no command is carried out without it");
        }
    }

    private KafkaHandledLog log() {
        return new KafkaHandledLog(kafka, topic, Duration.ofSeconds(30));
    }

    private CommandIntake intake(KafkaHandledLog log, int capacity) {
        HandledCommands handled = new HandledCommands(log, capacity);
        handled.load();
        return new CommandIntake(handled, published::add, Clock.systemUTC(), "kit");
    }

    private static Command command() {
        return Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.now(),
                Phase.DATABASE_MIGRATION,
                new RollBackMigration("shop", "runway-shop"));
    }

    private static ConsumerRecord<String, String> record(Command command) throws JsonProcessingException {
        return new ConsumerRecord<>(
                command.topic(),
                0,
                0L,
                command.releaseId().toString(),
                RunwayJson.wire().writeValueAsString(command));
    }
}
