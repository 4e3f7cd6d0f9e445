package dev.runway.bench;

import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.GoNoGoVote;
import dev.runway.stack.CoordinatorClient;
import dev.runway.stack.DemoUser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The four workers, simulated: one thread reads every command topic and answers each command at once, as the worker
 * that carries it out would when everything goes well; the deployment lead votes GO through the API when the vote is
 * announced. Only the coordinator is real. Announcements are read, not answered (the coordinator awaits none), and
 * tell when a release has ended.
 */
final class SimulatedWorkers implements AutoCloseable {

    private static final Set<Announce.Announcement> ENDINGS = Set.of(
            Announce.Announcement.DEPLOYMENT_COMPLETE,
            Announce.Announcement.ROLLBACK_COMPLETE,
            Announce.Announcement.ROLLBACK_FAILED,
            Announce.Announcement.DEPLOYMENT_ABORTED);
    private static final Duration VOTE_DEADLINE = Duration.ofSeconds(60);

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final CoordinatorClient coordinator;
    private final String coordinatorUrl;
    private final ExecutorService voters = Executors.newFixedThreadPool(4);
    private final Thread thread = new Thread(this::run, "simulated-workers");
    private volatile boolean running = true;
    /** While set, a release's service validation is held rather than answered, for the breach to answer it. */
    private volatile boolean holdServiceValidation;

    private final ConcurrentMap<UUID, CompletableFuture<Command>> heldValidations = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Command> watches = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, CompletableFuture<Long>> rollbackArrivals = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, CompletableFuture<Ending>> endings = new ConcurrentHashMap<>();
    private final AtomicInteger lostVotes = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();

    /** How a release ended and when its last announcement arrived (System.nanoTime). */
    record Ending(Announce.Announcement announcement, long atNanos) {}

    SimulatedWorkers(String bootstrap, CoordinatorClient coordinator, String coordinatorUrl) {
        this.consumer = Kafka.consumer(
                bootstrap,
                List.of(
                        Topics.VALIDATION_COMMANDS,
                        Topics.ROLLOUT_COMMANDS,
                        Topics.CACHE_COMMANDS,
                        Topics.MIGRATION_COMMANDS,
                        Topics.NOTIFICATION_COMMANDS));
        this.producer = Kafka.producer(bootstrap);
        this.coordinator = coordinator;
        this.coordinatorUrl = coordinatorUrl;
        Kafka.awaitAssignment(consumer, 5);
        thread.setDaemon(true);
        thread.start();
    }

    void holdServiceValidation(boolean hold) {
        holdServiceValidation = hold;
    }

    CompletableFuture<Command> heldValidation(UUID release) {
        return heldValidations.computeIfAbsent(release, r -> new CompletableFuture<>());
    }

    Command watch(UUID release) {
        return watches.get(release);
    }

    CompletableFuture<Long> rollbackArrival(UUID release) {
        return rollbackArrivals.computeIfAbsent(release, r -> new CompletableFuture<>());
    }

    CompletableFuture<Ending> ending(UUID release) {
        return endings.computeIfAbsent(release, r -> new CompletableFuture<>());
    }

    int lostVotes() {
        return lostVotes.get();
    }

    int unreadable() {
        return unreadable.get();
    }

    void send(Event event) {
        try {
            producer.send(new ProducerRecord<>(
                    Topics.EVENTS,
                    event.releaseId().toString(),
                    RunwayJson.wire().writeValueAsString(event)));
        } catch (IOException e) {
            throw new IllegalStateException("could not write an event", e);
        }
        producer.flush();
    }

    private void run() {
        while (running) {
            List<ConsumerRecord<String, String>> batch = Kafka.poll(consumer, Duration.ofMillis(5));
            long arrived = System.nanoTime();
            for (ConsumerRecord<String, String> r : batch) {
                Command command;
                try {
                    command = RunwayJson.wire().readValue(r.value(), Command.class);
                } catch (IOException e) {
                    unreadable.incrementAndGet();
                    continue;
                }
                answer(command, arrived);
            }
            if (!batch.isEmpty()) {
                producer.flush();
            }
        }
    }

    private void answer(Command command, long arrived) {
        UUID release = command.releaseId();
        if (command.body() instanceof Announce announce) {
            if (ENDINGS.contains(announce.announcement())) {
                ending(release).complete(new Ending(announce.announcement(), arrived));
            } else if (announce.announcement() == Announce.Announcement.VOTE_REQUESTED) {
                voters.execute(() -> voteGo(release));
            }
        } else if (command.body() instanceof StopGuards) {
            watches.remove(release);
        } else if (command.body() instanceof WatchGuards watch) {
            watches.put(release, command);
            sample(command, watch);
        } else if (command.body() instanceof RunChecks checks) {
            if (holdServiceValidation
                    && command.phase() == Phase.SERVICE_VALIDATION
                    && heldValidation(release).complete(command)) {
                return;
            }
            String version = checks.expectedVersion() == null ? "1.3.2" : checks.expectedVersion();
            reply(command, "validator", Map.of(StepSucceeded.Outputs.REPORTED_VERSION, version));
            if (command.phase() == Phase.SMOKE_TESTING) {
                // Phase 8's observation needs a sample of every rule while it lasts: sent right behind the smoke
                // tests' success, it is the first thing the coordinator reads in Phase 8, however long its queue
                Command watch = watches.get(release);
                if (watch != null) {
                    sample(watch, (WatchGuards) watch.body());
                }
            }
        } else if (command.body() instanceof RollOutDeployment) {
            reply(command, "rollout-agent", Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "1"));
        } else if (command.body() instanceof RollBackDeployment) {
            rollbackArrival(release).complete(arrived);
            reply(command, "rollout-agent", Map.of());
        } else {
            // migrations, configuration and caches: the bench's releases have none, but answer as the worker would
            String source = Topics.MIGRATION_COMMANDS.equals(command.topic()) ? "migrator" : "rollout-agent";
            reply(command, source, Map.of());
        }
    }

    private void reply(Command command, String source, Map<String, String> outputs) {
        post(command, source, new StepSucceeded("ok (simulated)", List.of(), outputs));
    }

    private void sample(Command watch, WatchGuards body) {
        Instant now = Instant.now();
        List<Measurement> samples = body.rules().stream()
                .map(rule -> new Measurement(rule.name(), "0.0000", "ratio", Measurement.Status.SUCCESSFUL, now))
                .toList();
        post(watch, "validator", new StepProgressed("guards sampled (simulated)", samples));
    }

    private void post(Command command, String source, EventBody body) {
        Event event = Event.answering(command, source, Instant.now(), body);
        try {
            producer.send(new ProducerRecord<>(
                    Topics.EVENTS,
                    event.releaseId().toString(),
                    RunwayJson.wire().writeValueAsString(event)));
        } catch (IOException e) {
            throw new IllegalStateException("could not write an event", e);
        }
    }

    /** The deployment lead's GO once the vote is announced, retried a while should the call fail. */
    private void voteGo(UUID release) {
        String url = coordinatorUrl + "/releases/" + release;
        long deadline = System.nanoTime() + VOTE_DEADLINE.toNanos();
        while (System.nanoTime() < deadline && running) {
            try {
                coordinator.vote(url, DemoUser.LEE, GoNoGoVote.Decision.GO, "go (bench)", null);
                return;
            } catch (IllegalStateException e) {
                RollbackLatencyBench.pause(100);
            }
        }
        lostVotes.incrementAndGet();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        voters.shutdownNow();
        try {
            voters.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
