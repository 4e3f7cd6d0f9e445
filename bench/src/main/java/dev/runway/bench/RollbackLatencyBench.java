package dev.runway.bench;

import dev.runway.infra.KafkaBroker;
import dev.runway.infra.PostgresServer;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.directory.NotifierDirectory;
import dev.runway.model.event.Event;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.GuardPolicy;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One run, every figure beside its baseline, on one KRaft broker and one PostgreSQL server:
 *
 * <ol>
 *   <li>breach report to {@code RollBackDeployment} at the rollout-agent's topic, through the coordinator's consumer,
 *       state machine, PostgreSQL transaction and outbox, beside the raw Kafka round trip with as many samples;
 *   <li>the raw single-row commit rate of that PostgreSQL server, the ceiling under the coordinator;
 *   <li>10, 100 and 1,000 concurrent releases to completion: the coordinator's own event-handling timer, releases and
 *       events per second, memory;
 *   <li>each service alone: time from JVM launch to ready and idle resident memory, per set of JVM flags.
 * </ol>
 *
 * <p>The bench plays the four workers (answering at once) and the deployment lead, so the coordinator is measured
 * alone. Every wait has a deadline: a sample that does not arrive is counted as lost and the run goes on.
 */
public final class RollbackLatencyBench {

    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(10);
    private static final Duration REACH_VALIDATION_DEADLINE = Duration.ofSeconds(120);
    private static final String APP = "app-";

    private final int rounds = Integer.getInteger("rounds", 1000);
    private final int guardRounds = Integer.getInteger("guardRounds", 200);
    private final int warmup = Integer.getInteger("warmup", 20);
    private final int batch = Integer.getInteger("batch", 100);
    private final List<Integer> levels = parseLevels(System.getProperty("levels", "10,100,1000"));
    private final boolean footprint = Boolean.parseBoolean(System.getProperty("footprint", "true"));
    private final int footprintSets = Integer.getInteger("footprintSets", Footprint.SETS.size());
    private final int footprintRounds = Integer.getInteger("footprintRounds", 3);
    // the footprint alone: no coordinator for the latency and scale parts, no raw commit rate
    private final boolean footprintOnly = Boolean.getBoolean("footprintOnly");
    private final Path root =
            Path.of(System.getProperty("runway.root", ".")).toAbsolutePath().normalize();
    private final List<String> table = new ArrayList<>();

    private CoordinatorClient client;
    private SimulatedWorkers workers;

    private RollbackLatencyBench() {}

    public static void main(String[] args) throws Exception {
        new RollbackLatencyBench().run();
        // Kafka's and the HTTP clients' threads are not all daemons
        System.exit(0);
    }

    private void run() throws Exception {
        long benchStart = System.nanoTime();
        System.out.printf(
                "Runway bench: cores=%d java=%s, %s, footprint sets=%d rounds=%d%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                footprintOnly
                        ? "footprint only"
                        : String.format(
                                "rounds=%d guardRounds=%d warmup=%d levels=%s footprint=%s",
                                rounds, guardRounds, warmup, levels, footprint),
                footprintSets,
                footprintRounds);
        try (KafkaBroker kafka = KafkaBroker.start();
                PostgresServer pg = PostgresServer.start();
                IdentityProvider identity = IdentityProvider.start(0)) {
            kafka.createTopics(
                    List.of(
                            Topics.ROLLOUT_COMMANDS,
                            Topics.VALIDATION_COMMANDS,
                            Topics.MIGRATION_COMMANDS,
                            Topics.CACHE_COMMANDS,
                            Topics.NOTIFICATION_COMMANDS,
                            Topics.EVENTS,
                            Topics.AUDIT,
                            Topics.deadLetter(Topics.EVENTS),
                            Pinger.topic()),
                    1);
            if (!footprintOnly) {
                pg.createDatabase("runway");
                publishNotifierDirectory(kafka.bootstrapServers());

                double commitRate = CommitRate.commitsPerSecond(pg, Duration.ofSeconds(10));
                String durability = "fsync=" + CommitRate.setting(pg, "fsync") + ", synchronous_commit="
                        + CommitRate.setting(pg, "synchronous_commit");
                System.out.printf("raw single-row commits: %.0f/s (%s)%n", commitRate, durability);

                int applications = Math.max(
                        batch, levels.stream().mapToInt(Integer::intValue).max().orElse(0));
                Path coordinatorDir = root.resolve("bench/target/coordinator");
                try (ServiceJvm coordinator = ServiceJvm.start(
                        "coordinator",
                        root.resolve("coordinator/target/quarkus-app/quarkus-run.jar"),
                        coordinatorDir,
                        freePort(),
                        coordinatorConfig(kafka.bootstrapServers(), pg, identity, applications),
                        ServiceProcess.JVM_OPTIONS)) {
                    long ready = coordinator.awaitReady(Duration.ofMinutes(2));
                    System.out.printf(
                            "coordinator ready in %d ms with %d applications configured (log: %s)%n",
                            ready, applications, coordinator.log());
                    client = new CoordinatorClient(coordinator.url(), identity::token);
                    workers = new SimulatedWorkers(kafka.bootstrapServers(), client, coordinator.url());
                    try {
                        measureLatency(kafka.bootstrapServers());
                        measureScale(coordinator, pg, commitRate, durability);
                    } finally {
                        workers.close();
                    }
                }
            }
            if (footprint || footprintOnly) {
                pg.createDatabase("footprint");
                measureFootprint(kafka.bootstrapServers(), pg, identity);
            }
        }
        System.out.println();
        System.out.println("==== Runway bench figures (every figure beside its baseline) ====");
        table.forEach(System.out::println);
        System.out.printf("bench took %.0f s%n", (System.nanoTime() - benchStart) / 1e9);
    }

    // ---- 1. breach -> rollback, beside the raw round trip

    private void measureLatency(String bootstrap) throws Exception {
        LatencyResult rollback;
        LatencyResult guard = null;
        try (Pinger pinger = new Pinger(bootstrap)) {
            rollback = breachToRollback(rounds, false, pinger);
            System.out.printf(
                    "breach -> rollback: %s, lost %d%n", rollback.samples().describe(), rollback.lost());
            if (guardRounds > 0) {
                guard = breachToRollback(guardRounds, true, pinger);
            }
        }
        table.add("");
        table.add(
                "-- breach to rollback (coordinator as its own JVM, workers simulated on Kafka; one raw ping just before"
                        + " each breach); " + load());
        row("raw Kafka produce->consume round trip", rollback.raw(), rollback.rawLost());
        row("breach report -> RollBackDeployment at agent", rollback.samples(), rollback.lost());
        if (guard != null) {
            row("raw Kafka round trip (during the guard samples)", guard.raw(), guard.rawLost());
            row("first failing guard sample -> RollBackDeployment", guard.samples(), guard.lost());
        }
        Samples raw = rollback.raw();
        double ratio99 = rollback.samples().ms(99) / raw.ms(99);
        table.add(String.format(
                "ratio rollback/raw: p50 %.1fx, p90 %.1fx, p99 %.1fx, max %.1fx   target p99 <= 3x raw p99: %s",
                rollback.samples().ms(50) / raw.ms(50),
                rollback.samples().ms(90) / raw.ms(90),
                ratio99,
                rollback.samples().maxMs() / raw.maxMs(),
                ratio99 <= 3 ? "MET" : "NOT MET"));
        table.add(String.format(
                "lost = not seen within %d s (ping) / %d s (rollback command) / %d s (release reaching validation);"
                        + " votes lost: %d",
                Pinger.DEADLINE.toSeconds(),
                COMMAND_DEADLINE.toSeconds(),
                REACH_VALIDATION_DEADLINE.toSeconds(),
                workers.lostVotes()));
    }

    private void row(String what, Samples samples, int lost) {
        table.add(String.format("%-50s %s  lost %d", what, samples.describe(), lost));
    }

    record LatencyResult(Samples samples, int lost, Samples raw, int rawLost) {}

    /**
     * Releases go through pre-flight, the vote, the rollout and on to service validation in batches; the bench holds
     * each one's validation, then, one release at a time with nothing else in flight, reports the breach and times
     * the rollback command's arrival, and lets the rollback finish before the next.
     *
     * @param viaGuard false: the pending service validation reports the breach; true: the guard's first failing
     *     sample does (a rule with no window, as the validator publishes it: the sample, then the breach, both
     *     answering the watch rather than the pending step)
     */
    private LatencyResult breachToRollback(int samples, boolean viaGuard, Pinger pinger) throws Exception {
        List<Long> nanos = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        int lost = 0;
        int rawLost = 0;
        int taken = 0;
        int total = samples + warmup;
        workers.holdServiceValidation(true);
        try {
            while (taken < total) {
                int n = Math.min(batch, total - taken);
                List<Started> started = startReleases(n, latencySpec());
                lost += n - started.size();
                taken += n - started.size();
                List<Command> held = new ArrayList<>();
                long deadline = System.nanoTime() + REACH_VALIDATION_DEADLINE.toNanos();
                for (Started s : started) {
                    Command c = await(workers.heldValidation(s.release()), deadline);
                    if (c == null) {
                        lost++;
                        taken++;
                    } else {
                        held.add(c);
                    }
                }
                for (Command validation : held) {
                    UUID release = validation.releaseId();
                    Command watch = workers.watch(release);
                    Long ping = pinger.ping();
                    if (ping == null) {
                        rawLost++;
                    } else if (taken >= warmup) {
                        raw.add(ping);
                    }
                    long start = System.nanoTime();
                    if (viaGuard && watch != null) {
                        sendGuardBreach(watch);
                    } else if (viaGuard) {
                        lost++;
                        taken++;
                        continue;
                    } else {
                        workers.send(Event.answering(
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
                    Long arrived =
                            await(workers.rollbackArrival(release), System.nanoTime() + COMMAND_DEADLINE.toNanos());
                    if (arrived == null) {
                        lost++;
                    } else if (taken >= warmup) {
                        nanos.add(arrived - start);
                    }
                    taken++;
                    // the next sample starts with nothing else in flight
                    await(workers.ending(release), System.nanoTime() + COMMAND_DEADLINE.toNanos());
                }
            }
        } finally {
            workers.holdServiceValidation(false);
        }
        return new LatencyResult(new Samples(nanos), lost, new Samples(raw), rawLost);
    }

    private void sendGuardBreach(Command watch) {
        Instant now = Instant.now();
        GuardRule rule = GuardRule.RUNBOOK_DEFAULTS.get(0);
        String query = "sum(rate(http_requests_total{code=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))";
        Measurement sample = new Measurement(rule.name(), "0.1000", "ratio", Measurement.Status.FAILED, now);
        workers.send(Event.answering(watch, "validator", now, new StepProgressed(rule.name(), List.of(sample))));
        String explanation = rule.name() + ": error rate > 5.00% for 0 s breached: last 10.00%";
        workers.send(Event.answering(
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

    // ---- 3. scale

    private void measureScale(ServiceJvm coordinator, PostgresServer pg, double commitRate, String durability)
            throws Exception {
        EventTimer timer = new EventTimer(coordinator.url());
        table.add("");
        table.add(String.format(
                "-- concurrent releases to COMPLETED (workers simulated on Kafka, deployment lead votes through the"
                        + " API); raw single-row commit rate %.0f/s at the bench's start (%s)",
                commitRate, durability));
        table.add("   " + load() + " at the start");
        table.add(String.format(
                "%6s %6s %5s %8s %9s %8s %8s %9s %8s %8s %9s %7s %8s %8s %8s",
                "N",
                "done",
                "lost",
                "wall s",
                "rel/s",
                "events",
                "ev/s",
                "commit/s",
                "% raw",
                "h p50",
                "h p99",
                "h mean",
                "rel p50",
                "rel p99",
                "RSS MB"));
        for (int n : levels) {
            // the machine's load moves; the baseline is measured just before each level
            double levelCommitRate = CommitRate.commitsPerSecond(pg, Duration.ofSeconds(5));
            EventTimer.Reading before = timer.read();
            long t0 = System.nanoTime();
            List<Started> started = startReleases(n, scaleSpec());
            long deadline = System.nanoTime() + Duration.ofSeconds(120 + n / 2).toNanos();
            int completed = 0;
            int other = 0;
            long lastEnd = t0;
            List<Long> durations = new ArrayList<>();
            for (Started s : started) {
                SimulatedWorkers.Ending ending = await(workers.ending(s.release()), deadline);
                if (ending == null) {
                    continue;
                }
                lastEnd = Math.max(lastEnd, ending.atNanos());
                durations.add(ending.atNanos() - s.atNanos());
                if (ending.announcement() == dev.runway.model.command.Announce.Announcement.DEPLOYMENT_COMPLETE) {
                    completed++;
                } else {
                    other++;
                }
            }
            EventTimer.Delta handled = timer.read().since(before);
            EventTimer.Reading after = timer.read();
            double wall = (lastEnd - t0) / 1e9;
            double eventsPerSecond = handled.count() / wall;
            Samples releaseTimes = new Samples(durations);
            table.add(String.format(
                    "%6d %6d %5d %8.1f %9.2f %8.0f %8.1f %9.0f %7.1f%% %8.1f %9.1f %7.1f %8.0f %8.0f %8.0f",
                    n,
                    completed,
                    n - completed - other,
                    wall,
                    completed / wall,
                    handled.count(),
                    eventsPerSecond,
                    levelCommitRate,
                    100 * eventsPerSecond / levelCommitRate,
                    handled.ms(50),
                    handled.ms(99),
                    handled.meanMs(),
                    releaseTimes.ms(50),
                    releaseTimes.ms(99),
                    coordinator.memoryMb("VmRSS")));
            if (other > 0) {
                table.add(String.format("       %d of them ended otherwise than COMPLETED", other));
            }
            System.out.printf(
                    "scale %d: %d completed, %d other, wall %.1f s, events %.0f, handling p50 %.1f p99 %.1f ms,"
                            + " heap used %.0f MB, RSS %.0f MB (peak %.0f MB)%n",
                    n,
                    completed,
                    other,
                    wall,
                    handled.count(),
                    handled.ms(50),
                    handled.ms(99),
                    after.heapBytes() / 1048576,
                    coordinator.memoryMb("VmRSS"),
                    coordinator.memoryMb("VmHWM"));
            if (n == levels.get(levels.size() - 1)) {
                table.add(String.format(
                        "targets at N=%d: event-handling p99 < 50 ms: %s; events/s >= 50%% of raw commits/s: %s",
                        n,
                        handled.ms(99) < 50 ? "MET" : "NOT MET",
                        eventsPerSecond >= levelCommitRate / 2 ? "MET" : "NOT MET"));
            }
        }
        table.add("h = the coordinator's runway.events.handled timer (consumer -> transaction committed; its commands"
                + " are sent after it, in commit order, while the next event is handled), percentiles = upper bound of the histogram bucket; each event is one PostgreSQL"
                + " transaction; commit/s = raw single-row commits/s measured for 5 s just before the level;"
                + " rel = POST /releases -> DEPLOYMENT_COMPLETE announcement; RSS = coordinator after the level");
    }

    // ---- 4. footprint

    private void measureFootprint(String bootstrap, PostgresServer pg, IdentityProvider identity) throws IOException {
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", bootstrap);
        Map<String, String> coordinator = new HashMap<>(kafka);
        coordinator.put("quarkus.datasource.reactive.url", pg.reactiveUrl("footprint"));
        coordinator.put("quarkus.datasource.jdbc.url", pg.jdbcUrl("footprint"));
        coordinator.put("quarkus.datasource.username", PostgresServer.USER);
        coordinator.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        coordinator.put("quarkus.oidc.auth-server-url", identity.issuer());
        coordinator.put("quarkus.oidc.token.audience", IdentityProvider.AUDIENCE);
        coordinator.put("runway.coordinator.tick-interval", "1s");
        putTarget(coordinator, "shop");
        Map<String, String> rollout = new HashMap<>(kafka);
        // nothing answers there: the rollout-agent reaches Kubernetes and the registry only for a command
        rollout.put("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:9");
        rollout.put("runway.registry.url", "http://127.0.0.1:9");
        Map<String, String> notifier = new HashMap<>(kafka);
        notifier.put("runway.chat.channels.default.webhook-url", "http://127.0.0.1:9/chat");
        notifier.put("runway.pagerduty.events-url", "http://127.0.0.1:9/pagerduty");
        notifier.put("runway.pagerduty.services.default.routing-key", "bench-placeholder");
        List<Footprint.Service> services = List.of(
                service("coordinator", coordinator),
                service("migrator", kafka),
                service("rollout-agent", rollout),
                service("validator", kafka),
                service("notifier", notifier));
        List<Footprint.Result> results =
                Footprint.measure(services, root.resolve("bench/target/footprint"), footprintSets, footprintRounds);
        table.add("");
        table.add("   " + load() + " after the footprint");
        table.add("-- footprint: each service alone, " + footprintRounds
                + " launches per flag set; medians of: JVM launch"
                + " -> /q/health/ready 200 (ms), CPU time used by then (ms), VmRSS after " + Footprint.IDLE.toSeconds()
                + " s idle (MB); [fastest-slowest ready]; targets < 2000 ms, < 200 MB");
        StringBuilder header = new StringBuilder(String.format("%-60s", "flag set"));
        services.forEach(s -> header.append(String.format(" | %-30s", s.name() + " ready/cpu ms, MB")));
        table.add(header.toString());
        Footprint.table(results).forEach((set, byService) -> {
            StringBuilder row = new StringBuilder(String.format("%-60.60s", set));
            for (Footprint.Service s : services) {
                Footprint.Result r = byService.get(s.name());
                row.append(
                        r == null
                                ? String.format(" | %-30s", "-")
                                : String.format(
                                        " | %5.0f/%5.0f %4.0f [%d-%d]",
                                        r.median(Footprint.Launch::readyMs),
                                        r.median(Footprint.Launch::cpuMs),
                                        r.median(Footprint.Launch::rssMb),
                                        r.minReadyMs(),
                                        r.maxReadyMs()));
            }
            table.add(row.toString());
        });
        Footprint.SETS
                .subList(0, Math.min(footprintSets, Footprint.SETS.size()))
                .forEach(set -> table.add("   " + set.name() + ": " + String.join(" ", set.flags())));
    }

    private Footprint.Service service(String name, Map<String, String> config) {
        return new Footprint.Service(name, root.resolve(name + "/target/quarkus-app/quarkus-run.jar"), config);
    }

    // ---- releases

    record Started(UUID release, long atNanos) {}

    /** Starts one release of each of {@code n} applications, eight at a time; a release refused is left out. */
    private List<Started> startReleases(int n, ReleaseSpec template) throws InterruptedException {
        ExecutorService starters = Executors.newFixedThreadPool(8);
        try {
            List<Future<Started>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ReleaseSpec spec = new ReleaseSpec(
                        APP + i,
                        template.environment(),
                        template.version(),
                        template.image(),
                        template.migrations(),
                        template.configuration(),
                        template.smokeChecks(),
                        template.thresholds(),
                        template.guards());
                futures.add(starters.submit(() -> {
                    String url = client.start(DemoReleases.json(spec));
                    return new Started(UUID.fromString(url.substring(url.lastIndexOf('/') + 1)), System.nanoTime());
                }));
            }
            List<Started> started = new ArrayList<>();
            String firstError = null;
            for (Future<Started> f : futures) {
                try {
                    started.add(f.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    firstError = firstError == null ? String.valueOf(e.getCause()) : firstError;
                }
            }
            if (firstError != null) {
                System.out.printf("%d of %d releases not started; first: %s%n", n - started.size(), n, firstError);
            }
            return started;
        } finally {
            starters.shutdownNow();
        }
    }

    /** The demo's healthy release without its migration: the breach comes at service validation. */
    private static ReleaseSpec latencySpec() {
        ReleaseSpec base = DemoReleases.healthy();
        return new ReleaseSpec(
                "template",
                base.environment(),
                base.version(),
                base.image(),
                List.of(),
                null,
                base.smokeChecks(),
                base.thresholds(),
                null);
    }

    /** Every phase but the skipped ones; Phase 8 observes for the shortest period allowed, no hypercare. */
    private static ReleaseSpec scaleSpec() {
        return latencySpec().withGuards(new GuardPolicy(List.of(), null, null, 0, 1));
    }

    /**
     * What a notifier publishes when it starts; the coordinator answers 503 to every release until it has one. The
     * bench's applications announce in the default channel and page the default service.
     */
    private static void publishNotifierDirectory(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = Kafka.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(
                            Topics.NOTIFIER_DIRECTORY,
                            NotifierDirectory.KEY,
                            RunwayJson.wire()
                                    .writeValueAsString(
                                            NotifierDirectory.of(Set.of("default"), Set.of("default"), Instant.now()))))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The bench's coordinator: one target per application, nothing answering at their addresses since the bench
     * plays the workers; only the deployment lead's GO is required, so that one API call per release votes; deadlines
     * are checked every second, as in the local stack.
     */
    private static Map<String, String> coordinatorConfig(
            String bootstrap, PostgresServer pg, IdentityProvider identity, int applications) {
        Map<String, String> config = new TreeMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("quarkus.datasource.reactive.url", pg.reactiveUrl("runway"));
        config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl("runway"));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        config.put("quarkus.oidc.auth-server-url", identity.issuer());
        config.put("quarkus.oidc.token.audience", IdentityProvider.AUDIENCE);
        config.put("quarkus.log.level", "WARN");
        config.put("runway.coordinator.tick-interval", "1s");
        config.put("runway.coordinator.required-votes.\"production\"", "DEPLOYMENT_LEAD");
        for (int i = 0; i < applications; i++) {
            putTarget(config, APP + i);
        }
        return config;
    }

    private static void putTarget(Map<String, String> config, String application) {
        String at = "runway.targets.\"" + application + "\".\"production\".";
        config.put(at + "namespace", "production");
        config.put(at + "deployment", application);
        config.put(at + "container", application);
        config.put(at + "service-url", "http://127.0.0.1:9/unused");
        config.put(at + "registry", ImageCatalogue.REGISTRY_HOST);
        config.put(at + "repository", "shop");
    }

    // ---- helpers

    /** The future's value, or null once the deadline (System.nanoTime) has passed. */
    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, long deadlineNanos)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<Integer> parseLevels(String text) {
        List<Integer> levels = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                levels.add(Integer.parseInt(s.trim()));
            }
        }
        return levels;
    }

    /** The one-minute load average, or -1 when unknown. */
    static double loadNow() {
        try {
            return Double.parseDouble(
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Other work on this machine shows in every figure; its load average is printed beside them. */
    static String load() {
        try {
            String[] avg =
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + avg[0] + " " + avg[1] + " " + avg[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
