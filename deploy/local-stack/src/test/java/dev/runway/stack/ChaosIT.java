package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.audit.ReleaseTransitioned;
import dev.runway.model.spec.ReleaseSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crashes and outages in the middle of releases, on the whole stack: each service killed with SIGKILL at random
 * moments of a release and started again, the broker restarted, the database restarted. After each release the test
 * counts what an auditor and the people on call would see: the release's end state against what runs in the cluster,
 * the audit trail numbered without gaps, each chat post and each PagerDuty event once, and the Deployment's revisions.
 *
 * <p>{@code -Dchaos.kills} sets the kills per service (1 by default, 5 random points in all, to keep the suite inside its 30 minutes; {@code -Dchaos.kills=20}
 * is the full run, 100 kills over as many releases as they need), {@code -Dchaos.seed} replays a run's moments: both
 * are printed. The rollout-agent down for longer
 * than its step's deadline is {@code ReleasePipelineIT}'s stale-command test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final int KILLS = Integer.getInteger("chaos.kills", 1);
    private static final long SEED = Long.getLong("chaos.seed", System.nanoTime());
    /**
     * The most a kill waits after the release began or the previous restart was ready, so that the kills spread over
     * the release: about a quarter of a healthy release (some 40 s with the demo's 25 s guard watch), and of a rollback
     * (some 15 s).
     */
    private static final Duration HEALTHY_GAP = Duration.ofSeconds(8);

    private static final Duration ROLLBACK_GAP = Duration.ofSeconds(3);

    private static final Random RANDOM = new Random(SEED);
    private static final List<String> SUMMARY = new ArrayList<>();
    private static LocalStack stack;
    private static int healthyReleases;

    @BeforeAll
    static void startStack() {
        Path root = Path.of(System.getProperty("runway.root", "../.."))
                .toAbsolutePath()
                .normalize();
        System.out.printf("chaos: seed %d, %d kills per service%n", SEED, KILLS);
        stack = LocalStack.start(root, root.resolve("deploy/local-stack/target/chaos-stack"), false);
    }

    @AfterAll
    static void stopStack() {
        System.out.println("chaos summary (seed " + SEED + "):");
        SUMMARY.forEach(line -> System.out.println("  " + line));
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void rolloutAgentKilledAtRandomMoments() {
        releasesWhileKilling(LocalStack.ROLLOUT_AGENT, ChaosIT::nextHealthy, "COMPLETED");
    }

    @Test
    @Order(2)
    void validatorKilledAtRandomMoments() {
        releasesWhileKilling(LocalStack.VALIDATOR, ChaosIT::nextHealthy, "COMPLETED");
    }

    @Test
    @Order(3)
    void coordinatorKilledAtRandomMomentsOfARollback() {
        releasesWhileKilling(LocalStack.COORDINATOR, DemoReleases::failingHealth, "ROLLED_BACK");
    }

    @Test
    @Order(4)
    void migratorKilledAtRandomMomentsOfARollback() {
        releasesWhileKilling(LocalStack.MIGRATOR, DemoReleases::failingHealth, "ROLLED_BACK");
    }

    @Test
    @Order(5)
    void notifierKilledAtRandomMomentsOfARollback() {
        releasesWhileKilling(LocalStack.NOTIFIER, DemoReleases::failingHealth, "ROLLED_BACK");
    }

    @Test
    @Order(6)
    void brokerRestartedDuringTheRollout() {
        releaseWithOutage(
                "Kafka broker", nextHealthy(), release -> stack.kafka().restart(Duration.ofSeconds(3)));
    }

    @Test
    @Order(7)
    void databaseRestartedDuringTheRollout() {
        releaseWithOutage(
                "PostgreSQL", nextHealthy(), release -> stack.postgres().restart(Duration.ofSeconds(3)));
    }

    /**
     * Releases {@code spec} until {@link #KILLS} kills have landed while a release ran: a release ends
     * sooner than twenty restarts take, so the full run spreads its kills over several releases, each checked whole.
     */
    private void releasesWhileKilling(String name, Supplier<ReleaseSpec> spec, String expectedStatus) {
        int landed = 0;
        while (landed < KILLS) {
            landed += releaseWhileKilling(name, spec.get(), expectedStatus, KILLS - landed);
        }
    }

    /**
     * The healthy release of the version not running now: releasing the running one again would change no Deployment
     * revision and apply no migration, so it would test nothing. The stack starts on 1.3.2.
     */
    private static ReleaseSpec nextHealthy() {
        healthyReleases++;
        return healthyReleases % 2 == 1 ? DemoReleases.healthy() : DemoReleases.healthyAgain();
    }

    /** @return the kills that landed while the release ran, at least one */
    private int releaseWhileKilling(String name, ReleaseSpec spec, String expectedStatus, int most) {
        ServiceProcess service = stack.service(name);
        Before before = Before.now();
        CoordinatorClient coordinator = stack.coordinator();
        String url = coordinator.startAndVote(DemoReleases.json(spec));
        Instant began = Instant.now();
        List<String> kills = new ArrayList<>();
        for (int i = 0; i < most; i++) {
            pauseAtRandom("COMPLETED".equals(expectedStatus) ? HEALTHY_GAP : ROLLBACK_GAP);
            String phase = phaseOf(coordinator.get(url));
            if (phase == null) {
                break;
            }
            long at = Duration.between(began, Instant.now()).toMillis();
            service.kill();
            Instant killed = Instant.now();
            service.start();
            service.awaitReady(Duration.ofMinutes(2));
            kills.add(String.format(
                    "%.1f s in %s (ready again after %d ms)",
                    at / 1000.0, phase, Duration.between(killed, Instant.now()).toMillis()));
        }
        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(6));
        Counts counted = assertNothingLostOrRepeated(url, release, expectedStatus, before);
        record(name + " killed " + kills.size() + " times", release, counted);
        kills.forEach(kill -> SUMMARY.add("    " + name + " killed " + kill));
        assertThat(kills).as("kills that landed while the release ran").isNotEmpty();
        return kills.size();
    }

    private void releaseWithOutage(String what, ReleaseSpec spec, Function<String, Duration> outage) {
        Before before = Before.now();
        CoordinatorClient coordinator = stack.coordinator();
        String url = coordinator.startAndVote(DemoReleases.json(spec));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "APPLICATION_DEPLOYMENT"
                        .equals(coordinator.get(url).path("currentPhase").asText()));
        Duration down = outage.apply(url);
        JsonNode release = coordinator.awaitEnd(url, Duration.ofMinutes(6));
        Counts counted = assertNothingLostOrRepeated(url, release, "COMPLETED", before);
        record(what + " down " + down.toMillis() + " ms during the rollout", release, counted);
    }

    /** Null once the release has ended: a kill after the end would test nothing of it. */
    private static String phaseOf(JsonNode release) {
        String status = release.path("status").asText();
        if (List.of("COMPLETED", "ROLLED_BACK", "ABORTED", "ROLLBACK_FAILED").contains(status)) {
            return null;
        }
        String phase = release.path("currentPhase").asText();
        return phase.isEmpty() ? status : phase;
    }

    /**
     * The end state matches the cluster, the audit trail has no gap, and no side effect happened twice: what each
     * test asserts and prints.
     */
    private static Counts assertNothingLostOrRepeated(
            String url, JsonNode ended, String expectedStatus, Before before) {
        String timeline = TimelinePrinter.render(ended);
        String id = ended.path("id").asText();
        assertThat(ended.path("status").asText()).as(timeline).isEqualTo(expectedStatus);
        // the last announcement's outcome arrives after the release ended
        JsonNode release = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> stack.coordinator().get(url), ChaosIT::everyNoticeAnswered);

        String running = deployedImage();
        if ("COMPLETED".equals(expectedStatus)) {
            assertThat(running)
                    .as("the cluster runs the completed release")
                    .isEqualTo(ended.path("image").asText());
        } else {
            assertThat(running).as("the cluster runs what ran before").isEqualTo(before.image());
        }

        List<Long> sequences = auditSequences(id);
        TreeSet<Long> distinct = new TreeSet<>(sequences);
        assertThat(distinct).as("audit sequences of %s", id).isNotEmpty();
        assertThat(distinct.first()).isEqualTo(1L);
        assertThat(distinct.last()).as("no audit event lost: %s", sequences).isEqualTo(distinct.size());

        List<String> posts = stack.stub()
                .chatMessages()
                .subList(before.chatPosts(), stack.stub().chatMessages().size());
        Map<String, Long> postsByTitle = new TreeMap<>();
        for (JsonNode notice : release.path("notices")) {
            String title = notice.path("announcement").asText().replace('_', ' ');
            postsByTitle.put(
                    title,
                    posts.stream()
                            .filter(p -> p.lines().findFirst().orElse("").contains(title))
                            .count());
        }
        assertThat(postsByTitle)
                .as("chat posts of %s", id)
                .isNotEmpty()
                .allSatisfy((title, count) ->
                        assertThat(count).as("chat posts of %s", title).isEqualTo(1L));

        Map<String, Long> pages = stack.stub().pagerDutyEvents().stream()
                .skip(before.pages())
                .filter(e -> e.path("dedup_key").asText().contains(id))
                .collect(Collectors.groupingBy(
                        e -> e.path("event_action").asText() + " "
                                + e.path("dedup_key").asText(),
                        TreeMap::new,
                        Collectors.counting()));
        assertThat(pages)
                .as("PagerDuty events of %s", id)
                .allSatisfy((event, count) -> assertThat(count).as(event).isEqualTo(1L));
        if ("ROLLED_BACK".equals(expectedStatus)) {
            assertThat(pages.keySet()).anyMatch(e -> e.startsWith("trigger ")).anyMatch(e -> e.startsWith("resolve "));
        }

        // The demo's releases change the pod template twice, with the new image and with the configuration change's
        // restart; a rollback undoes both. A repeated rollout or undo would show here as one more revision.
        long revisions = revision() - before.revision();
        assertThat(revisions)
                .as("Deployment revisions: rollout and restart, and their undoing after a rollback")
                .isEqualTo("COMPLETED".equals(expectedStatus) ? 2 : 4);
        return new Counts(sequences.size(), distinct.size(), posts.size(), postsByTitle, pages, revisions);
    }

    private static boolean everyNoticeAnswered(JsonNode release) {
        for (JsonNode notice : release.path("notices")) {
            if ("SENT".equals(notice.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static void record(String what, JsonNode release, Counts counts) {
        SUMMARY.add(String.format(
                "%s: %s in %d s; audit %d events, sequences 1..%d without gaps (%d delivered twice); chat %d posts %s;"
                        + " PagerDuty %s; Deployment revisions +%d",
                what,
                release.path("status").asText(),
                Duration.between(
                                Instant.parse(release.path("startedAt").asText()),
                                Instant.parse(release.path("endedAt").asText()))
                        .toSeconds(),
                counts.auditRecords(),
                counts.auditSequences(),
                counts.auditRecords() - counts.auditSequences(),
                counts.chatPosts(),
                counts.postsByTitle(),
                counts.pagesByEvent(),
                counts.revision()));
        System.out.println("chaos: " + SUMMARY.get(SUMMARY.size() - 1));
    }

    private static List<Long> auditSequences(String id) {
        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TopicRecords.all(stack, Topics.AUDIT)) {
            if (id.equals(record.key())) {
                sequences.add(read(record.value()).sequence());
            }
        }
        return sequences;
    }

    private static ReleaseTransitioned read(String json) {
        try {
            return RunwayJson.wire().readValue(json, ReleaseTransitioned.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random moment to kill at: the point of the test is that nobody chose it. */
    private static void pauseAtRandom(Duration atMost) {
        try {
            Thread.sleep((long) (RANDOM.nextDouble() * atMost.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Deployment deployment() {
        return stack.sandbox()
                .client()
                .apps()
                .deployments()
                .inNamespace(LocalStack.SHOP_NAMESPACE)
                .withName(LocalStack.SHOP_DEPLOYMENT)
                .get();
    }

    private static String deployedImage() {
        return deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    private static long revision() {
        return Long.parseLong(deployment().getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
    }

    /** Where the stub's records and the Deployment stood before a release, and what ran. */
    private record Before(int chatPosts, int pages, long revision, String image) {

        static Before now() {
            return new Before(
                    stack.stub().chatMessages().size(),
                    stack.stub().pagerDutyEvents().size(),
                    ChaosIT.revision(),
                    deployedImage());
        }
    }

    /** What one release left: its audit records, chat posts, PagerDuty events and Deployment revisions. */
    private record Counts(
            long auditRecords,
            long auditSequences,
            int chatPosts,
            Map<String, Long> postsByTitle,
            Map<String, Long> pagesByEvent,
            long revision) {}
}
