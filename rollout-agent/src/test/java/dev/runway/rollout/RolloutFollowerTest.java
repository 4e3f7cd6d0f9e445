package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.rollout.k8s.ClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolloutFollowerTest {

    /** Each read of the time moves it on by one second, so deadlines pass without waiting. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final class ScriptedCluster implements ClusterClient {
        private final Deque<RolloutObservation> script;
        private List<PodState> pods = List.of();

        ScriptedCluster(RolloutObservation... observations) {
            script = new ArrayDeque<>(List.of(observations));
        }

        ScriptedCluster withPods(PodState... newPods) {
            pods = List.of(newPods);
            return this;
        }

        @Override
        public Optional<RolloutObservation> observe(String namespace, String deployment) {
            return Optional.of(script.size() > 1 ? script.pop() : script.peek());
        }

        @Override
        public List<PodState> newPods(String namespace, String deployment) {
            return pods;
        }

        @Override
        public Optional<DeploymentSnapshot> deployment(String namespace, String deployment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setImage(
                String namespace,
                String deployment,
                String container,
                String image,
                String changeCause,
                DeploymentSnapshot.CommandMark mark) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RollbackOutcome rollBack(String namespace, String deployment, long toRevision, UUID commandId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restart(String namespace, String deployment, Instant at, UUID commandId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean configMapChangedBy(String namespace, String configMap, UUID commandId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Map<String, String>> configMapData(String namespace, String configMap) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean createBackupIfAbsent(String namespace, String configMap, UUID releaseId, ConfigBackup backup) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ConfigBackup> backup(String namespace, String configMap, UUID releaseId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putEntries(String namespace, String configMap, Map<String, String> entries, UUID commandId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceData(String namespace, String configMap, Map<String, String> data, UUID commandId) {
            throw new UnsupportedOperationException();
        }
    }

    private static RolloutFollower follower(ClusterClient cluster) {
        return new RolloutFollower(
                cluster, new SteppingClock(), Duration.ZERO, new PodClassifier(2, Duration.ofSeconds(10)));
    }

    private static PodState inCrashLoop(String pod) {
        return new PodState(
                pod,
                PodCause.CRASH_LOOP_BACK_OFF,
                "shop",
                "registry.example.com/shop:1.6.0",
                0,
                0,
                OptionalInt.of(1),
                "");
    }

    private static RolloutObservation observed(int updated, int available, int total) {
        return new RolloutObservation("shop", 2, 2, 3, total, updated, available, false);
    }

    @Test
    void reportsEachNewMessageOnceAndCompletes() {
        ScriptedCluster cluster = new ScriptedCluster(
                observed(1, 3, 4), observed(1, 3, 4), observed(3, 2, 3), observed(3, 2, 3), observed(3, 3, 3));
        List<EventBody> reported = new ArrayList<>();

        RolloutFollower.Result result =
                follower(cluster).follow("production", "shop", Duration.ofMinutes(5), reported::add);

        assertThat(result.complete()).isTrue();
        assertThat(result.message()).isEqualTo("deployment \"shop\" successfully rolled out");
        assertThat(reported)
                .map(body -> ((StepProgressed) body).message())
                .containsExactly(
                        "Waiting for deployment \"shop\" rollout to finish: 1 out of 3 new replicas have been updated...",
                        "Waiting for deployment \"shop\" rollout to finish: 2 of 3 updated replicas are available...");
        assertThat(((StepProgressed) reported.get(1)).measurements())
                .anySatisfy(m -> assertThat(m.name() + "=" + m.value()).isEqualTo("availableReplicas=2"));
    }

    @Test
    void failsOnceTheTimeoutHasPassed() {
        ScriptedCluster cluster = new ScriptedCluster(observed(3, 2, 3));

        RolloutFollower.Result result =
                follower(cluster).follow("production", "shop", Duration.ofSeconds(10), body -> {});

        assertThat(result.complete()).isFalse();
        assertThat(result.message())
                .startsWith("rollout of deployment \"shop\" timed out after 10s: ")
                .endsWith("2 of 3 updated replicas are available...");
    }

    @Test
    void failsAsSoonAsTheNewPodsCrashLoopForLongEnoughNamingTheCause() {
        ScriptedCluster cluster = new ScriptedCluster(observed(1, 3, 4)).withPods(inCrashLoop("shop-7c9f-abcde"));
        List<EventBody> reported = new ArrayList<>();

        RolloutFollower.Result result =
                follower(cluster).follow("production", "shop", Duration.ofMinutes(5), reported::add);

        assertThat(result.complete()).isFalse();
        assertThat(result.message())
                .isEqualTo("new pods of registry.example.com/shop:1.6.0 are in CrashLoopBackOff: "
                        + "pod shop-7c9f-abcde restarted 0 times (container shop, last exit code 1)");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(result.measurements()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo(RolloutFollower.POD_FAILURE);
            assertThat(m.value()).isEqualTo("CrashLoopBackOff");
            assertThat(m.unit()).isEqualTo("pod");
            assertThat(m.status()).isEqualTo(Measurement.Status.FAILED);
        });
        assertThat(reported).singleElement().satisfies(body -> {
            StepProgressed progress = (StepProgressed) body;
            assertThat(progress.message())
                    .isEqualTo("Waiting for deployment \"shop\" rollout to finish: 1 out of 3 new replicas have been "
                            + "updated...; 1 of 1 new pods in CrashLoopBackOff (0 restarts)");
            assertThat(progress.measurements())
                    .anySatisfy(m -> assertThat(m.name() + "=" + m.value() + " " + m.status())
                            .isEqualTo("podFailure=CrashLoopBackOff INCONCLUSIVE"));
        });
    }

    @Test
    void aProgressDeadlineReachedFirstStillNamesWhatThePodsAreIn() {
        RolloutObservation stalled = new RolloutObservation("shop", 2, 2, 3, 4, 1, 3, true);
        ScriptedCluster cluster = new ScriptedCluster(stalled)
                .withPods(new PodState(
                        "shop-7c9f-abcde",
                        PodCause.IMAGE_PULL_BACK_OFF,
                        "shop",
                        "mirror.example.com/shop:1.6.0",
                        0,
                        0,
                        OptionalInt.empty(),
                        "Back-off pulling image"));

        RolloutFollower.Result result =
                follower(cluster).follow("production", "shop", Duration.ofMinutes(5), body -> {});

        assertThat(result.complete()).isFalse();
        assertThat(result.message())
                .isEqualTo("deployment \"shop\" exceeded its progress deadline; 1 of 1 new pods in ImagePullBackOff");
        assertThat(result.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo("ImagePullBackOff"));
    }
}
