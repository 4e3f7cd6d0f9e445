package dev.runway.worker;

import dev.runway.model.command.Command;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How every worker consumes its command topics: each release (the record key) has its own lane, so one release's
 * rollback never waits behind another release's rollout, while one release's commands are carried out in the order
 * they were sent. A command is acknowledged once carried out, so the connector's throttled commit strategy commits a
 * partition only up to the oldest command not yet finished. Only a record that is not a readable command goes to
 * {@code <topic>-dlq}; any other failure is retried with backoff, holding that release's lane, and nothing is dropped.
 */
@ApplicationScoped
public class CommandLanes {

    private static final Logger LOG = Logger.getLogger(CommandLanes.class);

    private final CommandIntake intake;
    private final HandledCommands handled;
    private final DeadLetters deadLetters;
    private final CommandLanesConfig config;
    private final RandomGenerator random;
    private final Map<String, KeyOrderedExecutor> byTopic = new ConcurrentHashMap<>();

    @Inject
    public CommandLanes(
            CommandIntake intake, HandledCommands handled, DeadLetters deadLetters, CommandLanesConfig config) {
        this(intake, handled, deadLetters, config, new Random());
    }

    CommandLanes(
            CommandIntake intake,
            HandledCommands handled,
            DeadLetters deadLetters,
            CommandLanesConfig config,
            RandomGenerator random) {
        this.intake = intake;
        this.handled = handled;
        this.deadLetters = deadLetters;
        this.config = config;
        this.random = random;
    }

    /**
     * Queues the record's command behind the earlier commands of its release and returns at once; the record is
     * acknowledged, or parked on the dead-letter topic, when the command is done.
     *
     * @return completes when there is room for the next record, so the connector stops handing over records (and
     *     pauses its consumer) while {@code runway.worker.commands.max-in-flight} commands are unfinished
     */
    public CompletionStage<Void> accept(Message<String> message, CommandHandler handler) {
        ConsumerRecord<String, String> record = record(message);
        KeyOrderedExecutor lanes = byTopic.computeIfAbsent(record.topic(), this::lanes);
        lanes.submit(String.valueOf(record.key()), () -> intake.accept(record, handler))
                .whenComplete((ok, failure) -> settle(message, record, failure));
        return lanes.room();
    }

    /**
     * Resumes, each in its release's lane, the commands of {@code topic} that an earlier run of this worker took on
     * and did not conclude. Call once at start: a command whose offset was committed before the worker stopped (a
     * guard watch is acknowledged once started) is never delivered again.
     */
    public void resume(String topic, CommandHandler handler) {
        KeyOrderedExecutor lanes = byTopic.computeIfAbsent(topic, this::lanes);
        for (Command command : handled.interrupted()) {
            if (topic.equals(command.topic())) {
                lanes.submit(command.releaseId().toString(), () -> intake.resume(command, handler))
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.errorf(
                                        failure,
                                        "Could not resume command %s of release %s",
                                        command.commandId(),
                                        command.releaseId());
                            }
                        });
            }
        }
    }

    @PreDestroy
    void stop() {
        byTopic.values().forEach(KeyOrderedExecutor::close);
    }

    private KeyOrderedExecutor lanes(String topic) {
        return new KeyOrderedExecutor(
                topic,
                config.threads(),
                config.maxInFlight(),
                new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff()),
                random,
                RejectedCommand.class::isInstance);
    }

    private void settle(Message<String> message, ConsumerRecord<String, String> record, Throwable failure) {
        if (failure == null) {
            message.ack();
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RejectedCommand rejected) {
            deadLetters.parked(record.topic(), rejected);
            // the connector's dead-letter-queue strategy parks it with the reason in the dead-letter-reason header
            message.nack(rejected);
        } else {
            LOG.infof(
                    "Record %s-%d@%d is left unacknowledged as the worker stops; it is read again after the restart",
                    record.topic(), record.partition(), record.offset());
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> record(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalArgumentException("the message did not come from a Kafka topic"));
    }
}
