package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.rollout.k8s.ClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compensations: a rollback or restore that names the command it undoes changes only what that command changed. */
class RolloutAgentTest {

    private static final KubernetesTarget TARGET = new KubernetesTarget("production", "shop", "shop");
    private static final String CONFIG_MAP = "shop-config";
    private static final String OLD_IMAGE = "registry.sandbox.local/shop:1.3.2";
    private static final String NEW_IMAGE = "registry.sandbox.local/shop:1.4.0";

    private final UUID releaseId = UUID.randomUUID();
    private final UUID rollout = UUID.randomUUID();
    private final UUID apply = UUID.randomUUID();
    private final InMemoryCluster cluster = new InMemoryCluster();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RolloutAgent agent = new RolloutAgent(
            cluster,
            image -> Optional.empty(),
            new RolloutFollower(cluster, clock, Duration.ZERO, new PodClassifier(2, Duration.ofSeconds(10))),
            clock);

    @Test
    void aCompensationOfARolloutThatNeverMarkedTheDeploymentChangesNothing() {
        List<EventBody> events = carryOut(command(new RollBackDeployment(TARGET, 0, 40, rollout)));

        assertThat(events.get(events.size() - 1))
                .isEqualTo(new StepSucceeded(
                        "rollout %s was never applied; nothing to undo".formatted(rollout),
                        List.of(),
                        Map.of(StepSucceeded.Outputs.REVISION, "1")));
        assertThat(cluster.revision).isEqualTo(1);
        assertThat(cluster.image).isEqualTo(OLD_IMAGE);
        assertThat(cluster.rollbacks).isEmpty();
    }

    @Test
    void aCompensationLeavesADeploymentAnotherCommandChangedSinceAsItIs() {
        cluster.rollOut(NEW_IMAGE, UUID.randomUUID());

        List<EventBody> events = carryOut(command(new RollBackDeployment(TARGET, 0, 40, rollout)));

        assertThat(succeeded(events).summary())
                .isEqualTo("rollout %s was never applied; nothing to undo".formatted(rollout));
        assertThat(cluster.revision).isEqualTo(2);
        assertThat(cluster.image).isEqualTo(NEW_IMAGE);
        assertThat(cluster.rollbacks).isEmpty();
    }

    @Test
    void aCompensationOfARolloutThatRanRollsItBackAndMarksTheDeploymentWithItsOwnId() {
        cluster.rollOut(NEW_IMAGE, rollout);
        Command compensation = command(new RollBackDeployment(TARGET, 0, 40, rollout));

        List<EventBody> events = carryOut(compensation);

        assertThat(succeeded(events).summary()).startsWith("rolled back deployment \"shop\" to revision 1");
        assertThat(succeeded(events).outputs()).containsEntry(StepSucceeded.Outputs.REVISION, "3");
        assertThat(cluster.rollbacks).containsExactly(0L);
        assertThat(cluster.image).isEqualTo(OLD_IMAGE);
        assertThat(cluster.deploymentMark).contains(compensation.commandId());
    }

    @Test
    void aCompensationCarriedOutAgainFollowsItsOwnRollbackWithoutASecondOne() {
        cluster.rollOut(NEW_IMAGE, rollout);
        Command compensation = command(new RollBackDeployment(TARGET, 0, 40, rollout));
        carryOut(compensation);

        List<EventBody> again = carryOut(compensation);

        assertThat(succeeded(again).summary()).contains("was rolled back to the previous revision by this command");
        assertThat(cluster.rollbacks).containsExactly(0L);
        assertThat(cluster.image).isEqualTo(OLD_IMAGE);
    }

    @Test
    void anOrdinaryRollbackStillRollsBackAnUnmarkedDeployment() {
        cluster.rollOut(NEW_IMAGE, null);

        List<EventBody> events = carryOut(command(new RollBackDeployment(TARGET, 1, 40)));

        assertThat(succeeded(events).summary()).startsWith("rolled back deployment \"shop\" to revision 1");
        assertThat(cluster.rollbacks).containsExactly(1L);
    }

    @Test
    void aCompensationOfAConfigurationChangeWithoutBackupChangesNothing() {
        cluster.configMap("LOG_LEVEL", "info");

        List<EventBody> events = carryOut(command(new RestoreConfiguration(TARGET, CONFIG_MAP, 40, apply)));

        assertThat(events.get(events.size() - 1))
                .isEqualTo(new StepSucceeded(
                        "configuration change %s was never applied; nothing to restore".formatted(apply),
                        List.of(),
                        Map.of()));
        assertThat(cluster.data).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(cluster.revision).isEqualTo(1);
    }

    @Test
    void aCompensationLeavesAConfigMapAnotherCommandChangedLastAsItIs() {
        cluster.configMap("LOG_LEVEL", "info");
        // the apply backed up and stopped before it wrote; the last change is another command's, not the apply's
        cluster.backups.put(releaseId, new ConfigBackup(Map.of("LOG_LEVEL", "info"), true));
        cluster.putEntries(TARGET.namespace(), CONFIG_MAP, Map.of("LOG_LEVEL", "warn"), UUID.randomUUID());

        List<EventBody> events = carryOut(command(new RestoreConfiguration(TARGET, CONFIG_MAP, 40, apply)));

        assertThat(succeeded(events).summary())
                .isEqualTo("configuration change %s was never applied; nothing to restore".formatted(apply));
        assertThat(cluster.data).isEqualTo(Map.of("LOG_LEVEL", "warn"));
        assertThat(cluster.revision).isEqualTo(1);
    }

    @Test
    void aCompensationOfAnApplyThatRanRestoresTheBackupAndRestarts() {
        cluster.configMap("LOG_LEVEL", "info");
        cluster.backups.put(releaseId, new ConfigBackup(Map.of("LOG_LEVEL", "info"), true));
        cluster.putEntries(TARGET.namespace(), CONFIG_MAP, Map.of("LOG_LEVEL", "debug", "CACHE_TTL", "60"), apply);
        Command compensation = command(new RestoreConfiguration(TARGET, CONFIG_MAP, 40, apply));

        List<EventBody> events = carryOut(compensation);

        assertThat(succeeded(events).summary()).startsWith("ConfigMap shop-config restored; ");
        assertThat(cluster.data).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(cluster.configMapMark).isEqualTo(compensation.commandId());
        assertThat(cluster.revision).isEqualTo(2);

        List<EventBody> again = carryOut(compensation);

        assertThat(succeeded(again).summary()).startsWith("ConfigMap shop-config restored by this command");
        assertThat(cluster.revision).isEqualTo(2);
    }

    @Test
    void aCompensationOfAnApplyThatRanFailsWhenItsBackupIsGone() {
        cluster.configMap("LOG_LEVEL", "info");
        cluster.putEntries(TARGET.namespace(), CONFIG_MAP, Map.of("LOG_LEVEL", "debug"), apply);

        List<EventBody> events = carryOut(command(new RestoreConfiguration(TARGET, CONFIG_MAP, 40, apply)));

        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        StepFailed.class, failed -> assertThat(failed.reason()).startsWith("no backup of ConfigMap"));
        assertThat(cluster.data).isEqualTo(Map.of("LOG_LEVEL", "debug"));
    }

    @Test
    void anOrdinaryRestoreWithoutBackupStillFails() {
        cluster.configMap("LOG_LEVEL", "info");

        List<EventBody> events = carryOut(command(new RestoreConfiguration(TARGET, CONFIG_MAP, 40)));

        assertThat(events.get(events.size() - 1)).isInstanceOf(StepFailed.class);
    }

    private Command command(CommandBody body) {
        return Command.of(UUID.randomUUID(), releaseId, clock.instant(), Phase.APPLICATION_DEPLOYMENT, body);
    }

    private List<EventBody> carryOut(Command command) {
        List<EventBody> events = new ArrayList<>();
        agent.carryOut(command, events::add);
        assertThat(events).filteredOn(EventBody::concludes).hasSize(1);
        return events;
    }

    private static StepSucceeded succeeded(List<EventBody> events) {
        EventBody last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(StepSucceeded.class);
        return (StepSucceeded) last;
    }

    /**
     * One Deployment and one ConfigMap, changed as the API server and its controller would: every pod template change
     * is a new revision, rolled out at once.
     */
    private static final class InMemoryCluster implements ClusterClient {
        long revision = 1;
        String image = OLD_IMAGE;
        Optional<UUID> deploymentMark = Optional.empty();
        final Map<Long, String> imageByRevision = new HashMap<>(Map.of(1L, OLD_IMAGE));
        final List<Long> rollbacks = new ArrayList<>();
        Map<String, String> data;
        UUID configMapMark;
        final Map<UUID, ConfigBackup> backups = new HashMap<>();

        void rollOut(String newImage, UUID commandId) {
            revision++;
            image = newImage;
            imageByRevision.put(revision, newImage);
            deploymentMark = Optional.ofNullable(commandId);
        }

        void configMap(String key, String value) {
            data = new HashMap<>(Map.of(key, value));
        }

        @Override
        public Optional<DeploymentSnapshot> deployment(String namespace, String deployment) {
            return Optional.of(new DeploymentSnapshot(
                    revision,
                    Map.of(TARGET.container(), image),
                    deploymentMark.map(id -> new DeploymentSnapshot.CommandMark(id, 0, ""))));
        }

        @Override
        public void setImage(
                String namespace,
                String deployment,
                String container,
                String newImage,
                String changeCause,
                DeploymentSnapshot.CommandMark mark) {
            rollOut(newImage, mark.commandId());
        }

        @Override
        public Optional<RolloutObservation> observe(String namespace, String deployment) {
            return Optional.of(new RolloutObservation(deployment, 1, 1, 1, 1, 1, 1, false));
        }

        @Override
        public List<PodState> newPods(String namespace, String deployment) {
            return List.of();
        }

        @Override
        public RollbackOutcome rollBack(String namespace, String deployment, long toRevision, UUID commandId) {
            rollbacks.add(toRevision);
            long to = toRevision > 0
                    ? toRevision
                    : imageByRevision.keySet().stream()
                            .filter(r -> r < revision)
                            .max(Long::compare)
                            .orElse(0L);
            String restored = imageByRevision.get(to);
            if (restored == null) {
                return new RollbackOutcome(RollbackOutcome.Kind.REVISION_NOT_FOUND, toRevision, null);
            }
            // the controller renumbers the restored ReplicaSet as the newest revision
            imageByRevision.remove(to);
            rollOut(restored, commandId);
            return new RollbackOutcome(RollbackOutcome.Kind.ROLLED_BACK, to, restored);
        }

        @Override
        public void restart(String namespace, String deployment, Instant at, UUID commandId) {
            rollOut(image, commandId);
        }

        @Override
        public boolean configMapChangedBy(String namespace, String configMap, UUID commandId) {
            return commandId.equals(configMapMark);
        }

        @Override
        public Optional<Map<String, String>> configMapData(String namespace, String configMap) {
            return Optional.ofNullable(data);
        }

        @Override
        public boolean createBackupIfAbsent(String namespace, String configMap, UUID releaseId, ConfigBackup backup) {
            return backups.putIfAbsent(releaseId, backup) == null;
        }

        @Override
        public Optional<ConfigBackup> backup(String namespace, String configMap, UUID releaseId) {
            return Optional.ofNullable(backups.get(releaseId));
        }

        @Override
        public void putEntries(String namespace, String configMap, Map<String, String> entries, UUID commandId) {
            data.putAll(entries);
            configMapMark = commandId;
        }

        @Override
        public void replaceData(String namespace, String configMap, Map<String, String> newData, UUID commandId) {
            data = new HashMap<>(newData);
            configMapMark = commandId;
        }
    }
}
