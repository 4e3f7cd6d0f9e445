package dev.runway.bench;

import dev.runway.infra.KafkaBroker;
import dev.runway.infra.PostgresServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.stack.CoordinatorClient;
import dev.runway.stack.DemoReleases;
import dev.runway.stack.IdentityProvider;
import dev.runway.stack.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long from a validator's breach report to the rollback command reaching the rollout-agent,
 * through the coordinator's consumer, its state machine, its PostgreSQL transaction and its outbox;
 * compared with a raw Kafka produce-to-consume round trip on the same broker in the same run.
 *
 * <p>The bench plays the validator and the rollout-agent itself (answering instantly), so what is
 * measured is the coordinator alone.
 */
public final class RollbackLatencyBench {

    private static final int WARMUP = 5;
    private static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    private static int lostPings;

    private RollbackLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getProperty("rounds", "50"));
        int pings = Integer.parseInt(System.getProperty("pings", "500"));
        Path root =
                Path.of(System.getProperty("runway.root", ".")).toAbsolutePath().normalize();
        try (KafkaBroker kafka = KafkaBroker.start();
                PostgresServer pg = PostgresServer.start();
                IdentityProvider identity = IdentityProvider.start(0)) {
            List<String> topics = new ArrayList<>(List.of(
                    Topics.ROLLOUT_COMMANDS,
                    Topics.VALIDATION_COMMANDS,
                    Topics.MIGRATION_COMMANDS,
                    Topics.CACHE_COMMANDS,
                    Topics.NOTIFICATION_COMMANDS,
                    Topics.EVENTS,
                    Topics.AUDIT,
                    "bench-ping"));
            kafka.createTopics(topics, 1);
            pg.createDatabase("runway");

            List<Long> raw = rawRoundTrips(kafka.bootstrapServers(), pings);

            int port = freePort();
            try (ServiceProcess coordinator = new ServiceProcess(
                    "coordinator",
                    root.resolve("coordinator/target/quarkus-app/quarkus-run.jar"),
                    root.resolve("bench/target/coordinator"),
                    port,
                    coordinatorConfig(kafka.bootstrapServers(), pg, identity, rounds))) {
                coordinator.start();
                coordinator.awaitReady(Duration.ofMinutes(2));
                CoordinatorClient client = new CoordinatorClient(coordinator.url(), identity::token);
                List<Long> rollback = breachToRollback(kafka.bootstrapServers(), client, rounds, false);
                List<Long> guard = breachToRollback(kafka.bootstrapServers(), client, rounds, true);
                report(raw, rollback, guard);
            }
        }
    }

    /**
     * Each round releases an application of its own (an unfinished rollback keeps its code freeze), so each gets
     * targets; nothing answers at their addresses, as the bench plays the workers.
     */
    private static Map<String, String> coordinatorConfig(
            String bootstrap, PostgresServer pg, IdentityProvider identity, int rounds) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("quarkus.datasource.reactive.url", pg.reactiveUrl("runway"));
        config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl("runway"));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        config.put("quarkus.oidc.auth-server-url", identity.issuer());
        config.put("quarkus.oidc.token.audience", IdentityProvider.AUDIENCE);
        config.put("quarkus.log.level", "WARN");
        for (int i = 0; i < rounds + WARMUP; i++) {
            for (String application : List.of(application(false, i), application(true, i))) {
                String at = "runway.targets.\"" + application + "\".\"production\".";
                config.put(at + "namespace", "production");
                config.put(at + "deployment", application);
                config.put(at + "container", application);
                config.put(at + "service-url", "http://127.0.0.1:9/unused");
                config.put(at + "registry", ImageCatalogue.REGISTRY_HOST);
                config.put(at + "repository", "shop");
            }
        }
        return config;
    }

    private static String application(boolean viaGuard, int round) {
        return (viaGuard ? "bench-guard-" : "bench-") + round;
    }

    private static List<Long> rawRoundTrips(String bootstrap, int count) {
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap);
                KafkaConsumer<String, String> consumer = consumer(bootstrap, "bench-ping")) {
            awaitAssignment(consumer);
            for (int i = 0; i < count + WARMUP; i++) {
                String id = UUID.randomUUID().toString();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>("bench-ping", id, id));
                producer.flush();
                boolean got = false;
                // a ping the consumer never sees is counted as lost, not waited for forever
                long deadline = start + PING_DEADLINE.toNanos();
                while (!got && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        got |= r.key().equals(id);
                    }
                }
                if (!got) {
                    lostPings++;
                } else if (i >= WARMUP) {
                    nanos.add(System.nanoTime() - start);
                }
            }
        }
        return nanos;
    }

    /**
     * @param viaGuard false: the pending service validation reports the breach; true: the guard's first failing
     *     sample does (a rule with no window, as the validator publishes it: the sample, then the breach, both
     *     answering the watch rather than the pending step)
     */
    private static List<Long> breachToRollback(
            String bootstrap, CoordinatorClient coordinator, int rounds, boolean viaGuard) throws IOException {
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap);
                KafkaConsumer<String, String> validator = consumer(bootstrap, Topics.VALIDATION_COMMANDS);
                KafkaConsumer<String, String> rolloutAgent = consumer(bootstrap, Topics.ROLLOUT_COMMANDS)) {
            awaitAssignment(validator);
            awaitAssignment(rolloutAgent);
            for (int i = 0; i < rounds + WARMUP; i++) {
                ReleaseSpec base = DemoReleases.healthy();
                ReleaseSpec spec = new ReleaseSpec(
                        application(viaGuard, i),
                        base.environment(),
                        base.version(),
                        base.image(),
                        List.of(),
                        null,
                        base.smokeChecks(),
                        base.thresholds(),
                        null);
                String url = coordinator.start(DemoReleases.json(spec));
                UUID release = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
                Command validation;
                Command watch = null;
                // answer pre-flight, final health check and the rollout instantly, until service validation
                while (true) {
                    Command next = await(validator, rolloutAgent, release, null);
                    if (next.body() instanceof RunChecks && next.phase() == Phase.SERVICE_VALIDATION) {
                        validation = next;
                        break;
                    }
                    if (next.body() instanceof WatchGuards) {
                        // a real validator answers a watch only with samples and breaches, never a conclusion
                        watch = next;
                        continue;
                    }
                    Map<String, String> outputs = next.phase() == Phase.APPLICATION_DEPLOYMENT
                            ? Map.of(StepSucceeded.Outputs.PREVIOUS_REVISION, "1")
                            : Map.of(StepSucceeded.Outputs.REPORTED_VERSION, "1.3.2");
                    send(
                            producer,
                            Event.answering(
                                    next,
                                    // the coordinator trusts only the worker that carries a command out
                                    Topics.ROLLOUT_COMMANDS.equals(next.topic()) ? "rollout-agent" : "validator",
                                    Instant.now(),
                                    new StepSucceeded("ok", List.of(), outputs)));
                    if (next.phase() == Phase.PRE_FLIGHT_CHECKS) {
                        // the release now waits for its four GO votes, which the demo users cast through the API
                        coordinator.voteGo(url, Duration.ofMinutes(1));
                    }
                }
                long start = System.nanoTime();
                if (viaGuard) {
                    sendGuardBreach(producer, Objects.requireNonNull(watch, "no WatchGuards before validation"));
                } else {
                    send(
                            producer,
                            Event.answering(
                                    validation,
                                    "validator",
                                    Instant.now(),
                                    new ThresholdBreached(
                                            RollbackTrigger.HEALTH_CHECK_FAILED,
                                            "/health answered 503, expected 200",
                                            List.of(new Measurement(
                                                    "health",
                                                    "503",
                                                    "http_status",
                                                    Measurement.Status.FAILED,
                                                    Instant.now())))));
                }
                await(validator, rolloutAgent, release, RollBackDeployment.class);
                long elapsed = System.nanoTime() - start;
                if (i >= WARMUP) {
                    nanos.add(elapsed);
                }
            }
        }
        return nanos;
    }

    private static void sendGuardBreach(KafkaProducer<String, String> producer, Command watch) throws IOException {
        Instant now = Instant.now();
        GuardRule rule = GuardRule.RUNBOOK_DEFAULTS.get(0);
        String query = "sum(rate(http_requests_total{code=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))";
        Measurement sample = new Measurement(rule.name(), "0.1000", "ratio", Measurement.Status.FAILED, now);
        send(producer, Event.answering(watch, "validator", now, new StepProgressed(rule.name(), List.of(sample))));
        String explanation = rule.name() + ": error rate > 5.00% for 0 s breached: last 10.00%";
        send(
                producer,
                Event.answering(
                        watch,
                        "validator",
                        now,
                        new ThresholdBreached(
                                rule.trigger(),
                                explanation,
                                List.of(sample),
                                new Evidence(
                                        rule.name(),
                                        rule.metric(),
                                        query,
                                        rule.threshold(),
                                        0,
                                        rule.severity(),
                                        Verdict.FAILED,
                                        now,
                                        now,
                                        1,
                                        0.1,
                                        0.1,
                                        0.1,
                                        explanation))));
    }

    /**
     * Commands read but not yet handed out: one poll may bring several (a rollout's {@code WatchGuards} and the
     * next step's command), and dropping the rest of a batch would lose a command.
     */
    private static final Deque<Command> UNREAD = new ArrayDeque<>();

    /** The next command for {@code release} on either worker topic (of the given type, if any). */
    private static Command await(
            KafkaConsumer<String, String> a, KafkaConsumer<String, String> b, UUID release, Class<?> type)
            throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            for (Iterator<Command> it = UNREAD.iterator(); it.hasNext(); ) {
                Command c = it.next();
                if (c.releaseId().equals(release) && (type == null || type.isInstance(c.body()))) {
                    it.remove();
                    return c;
                }
            }
            for (KafkaConsumer<String, String> consumer : List.of(b, a)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                    if (r.key().equals(release.toString())) {
                        UNREAD.add(RunwayJson.wire().readValue(r.value(), Command.class));
                    }
                }
            }
        }
        throw new IllegalStateException("no command for release " + release + " within 60 s");
    }

    private static void send(KafkaProducer<String, String> producer, Event event) throws IOException {
        producer.send(new ProducerRecord<>(
                Topics.EVENTS, event.releaseId().toString(), RunwayJson.wire().writeValueAsString(event)));
        producer.flush();
    }

    private static void report(List<Long> raw, List<Long> rollback, List<Long> guard) {
        double rawP50 = percentile(raw, 50), rawP99 = percentile(raw, 99);
        double rbP50 = percentile(rollback, 50), rbP99 = percentile(rollback, 99);
        double gP50 = percentile(guard, 50), gP99 = percentile(guard, 99);
        System.out.println();
        System.out.println(
                "Runway rollback latency bench (one KRaft broker, embedded PostgreSQL, coordinator as its own JVM)");
        System.out.printf(
                "cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(
                "%-48s n=%-4d p50=%8.2f ms  p99=%8.2f ms%n",
                "raw Kafka produce->consume round trip", raw.size(), rawP50, rawP99);
        System.out.printf("raw pings lost (not seen within %d s): %d%n", PING_DEADLINE.toSeconds(), lostPings);
        System.out.printf(
                "%-48s n=%-4d p50=%8.2f ms  p99=%8.2f ms%n",
                "breach report -> RollBackDeployment at agent", rollback.size(), rbP50, rbP99);
        System.out.printf("ratio (rollback / raw): p50 %.1fx, p99 %.1fx%n", rbP50 / rawP50, rbP99 / rawP99);
        System.out.printf(
                "%-48s n=%-4d p50=%8.2f ms  p99=%8.2f ms%n",
                "first failing guard sample -> RollBackDeployment", guard.size(), gP50, gP99);
        System.out.printf(
                "guard sampling interval (runbook default) %d ms: a breach is first sampled up to one interval after"
                        + " it begins, and a rule fires its window after that%n",
                Duration.ofSeconds(GuardRule.DEFAULT_INTERVAL_SECONDS).toMillis());
        System.out.printf(
                "runbook target for the whole rollback: 5 minutes = %d ms%n",
                Duration.ofMinutes(5).toMillis());
    }

    private static double percentile(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (consumer.assignment().isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(100));
        }
        if (consumer.assignment().isEmpty()) {
            throw new IllegalStateException("consumer got no partition");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
