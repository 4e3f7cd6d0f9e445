package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.worker.CommandIntake;
import dev.runway.worker.EventPublisher;
import dev.runway.worker.HandledCommands;
import dev.runway.worker.KafkaHandledLog;
import dev.runway.worker.WorkerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SandboxResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
class RolloutCommandsIT {

    private static final String NAMESPACE = "production";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration CONCLUSION = Duration.ofSeconds(45);
    private static final ImageSpec SHOP_1_4_0 =
            new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_4_0_DIGEST);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    RolloutAgent agent;

    @Inject
    WorkerConfig workerConfig;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    private final KafkaTestClient kafka = KafkaTestClient.onTestBroker();
    private final UUID releaseId = UUID.randomUUID();

    @Test
    void rollsOutAHealthyImageReportingProgressAndThePreviousRevision() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);

        List<Event> events = carryOut(new RollOutDeployment(target, SHOP_1_4_0, 40));

        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        assertThat(events.get(1).body())
                .isInstanceOfSatisfying(
                        StepProgressed.class,
                        point -> assertThat(point.measurements())
                                .singleElement()
                                .satisfies(m -> {
                                    assertThat(m.name()).isEqualTo(StepSucceeded.Outputs.PREVIOUS_REVISION);
                                    assertThat(m.value()).isEqualTo("1");
                                }));
        assertThat(events.subList(2, events.size()))
                .filteredOn(e -> e.body() instanceof StepProgressed)
                .isNotEmpty()
                .allSatisfy(e -> {
                    StepProgressed progress = (StepProgressed) e.body();
                    assertThat(progress.message())
                            .matches("Waiting for deployment (spec update to be observed|\"" + target.deployment()
                                    + "\" rollout to finish: (\\d+ out of 3 new replicas have been updated|\\d+ old replicas are pending termination"
                                    + "|\\d+ of \\d+ updated replicas are available))\\.\\.\\.");
                    assertThat(progress.measurements())
                            .extracting(m -> m.name())
                            .contains("updatedReplicas", "availableReplicas");
                });
        StepSucceeded succeeded = (StepSucceeded) events.get(events.size() - 1).body();
        assertThat(succeeded.summary())
                .isEqualTo("deployment \"%s\" successfully rolled out".formatted(target.deployment()));
        assertThat(succeeded.outputs())
                .containsEntry(StepSucceeded.Outputs.PREVIOUS_REVISION, "1")
                .containsEntry(StepSucceeded.Outputs.PREVIOUS_IMAGE, ImageCatalogue.SHOP_1_3_2)
                .containsEntry(StepSucceeded.Outputs.REVISION, "2");
        assertThat(succeeded.measurements()).extracting(m -> m.name()).contains("rolloutDuration", "imageDigest");
        Deployment rolledOut = get(target);
        // pinned: the pods run the manifest whose digest was checked, whatever the tag points to later
        assertThat(image(rolledOut)).isEqualTo(ImageCatalogue.SHOP_REPOSITORY + "@" + ImageCatalogue.SHOP_1_4_0_DIGEST);
        assertThat(rolledOut.getMetadata().getAnnotations()).containsKey("kubernetes.io/change-cause");
    }

    @Test
    void aDigestTheRepositoryDoesNotHoldFailsWithoutTouchingTheDeployment() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        Deployment before = get(target);
        ImageSpec unknown = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, "sha256:" + "c".repeat(64));

        List<Event> events = carryOut(new RollOutDeployment(target, unknown, 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .isEqualTo("image digest mismatch: expected %s, registry has no image %s"
                                        .formatted(unknown.digest(), unknown.reference())));
        Deployment after = get(target);
        assertThat(image(after)).isEqualTo(ImageCatalogue.SHOP_1_3_2);
        assertThat(after.getMetadata().getGeneration())
                .isEqualTo(before.getMetadata().getGeneration());
    }

    @Test
    void aDigestHeldOnlyByAnotherRepositoryFailsTheDigestCheck() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        ImageSpec elsewhere = new ImageSpec("registry.sandbox.local/billing", ImageCatalogue.SHOP_1_4_0_DIGEST);

        List<Event> events = carryOut(new RollOutDeployment(target, elsewhere, 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .startsWith("image digest mismatch: expected " + ImageCatalogue.SHOP_1_4_0_DIGEST));
        assertThat(image(get(target))).isEqualTo(ImageCatalogue.SHOP_1_3_2);
    }

    @Test
    void aCrashLoopingImageFailsWithinSecondsNamingCrashLoopBackOff() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        ImageSpec crashing = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_0_DIGEST);
        Command command = command(new RollOutDeployment(target, crashing, 60));

        List<Event> events = carryOut(command);

        StepFailed failed = (StepFailed) concluding(events);
        assertThat(failed.reason())
                .matches(Pattern.quote("new pods of " + crashing.reference() + " are in CrashLoopBackOff: pod ")
                        + target.deployment() + "-\\w+-\\w{5} restarted \\d+ times? \\(container shop\\)");
        assertThat(failed.measurements())
                .anySatisfy(m -> assertThat(m.name() + "=" + m.value() + " " + m.unit())
                        .isEqualTo("podFailure=CrashLoopBackOff pod"));
        assertThat(Duration.between(
                        command.issuedAt(), events.get(events.size() - 1).occurredAt()))
                .isLessThan(Duration.ofSeconds(15));
        assertThat(events)
                .filteredOn(e -> e.body() instanceof StepProgressed)
                .anySatisfy(e -> assertThat(((StepProgressed) e.body()).message())
                        .endsWith("; 1 of 1 new pods in CrashLoopBackOff (0 restarts)"));
    }

    @Test
    void anOomKilledImageFailsNamingOomKilled() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        ImageSpec oom = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_1_DIGEST);
        Command command = command(new RollOutDeployment(target, oom, 60));

        List<Event> events = carryOut(command);

        StepFailed failed = (StepFailed) concluding(events);
        assertThat(failed.reason())
                .startsWith("new pods of " + oom.reference() + " are OOMKilled: pod " + target.deployment())
                .endsWith("(container shop, last exit code 137)");
        assertThat(failed.measurements())
                .anySatisfy(m -> assertThat(m.name() + "=" + m.value()).isEqualTo("podFailure=OOMKilled"));
        assertThat(Duration.between(
                        command.issuedAt(), events.get(events.size() - 1).occurredAt()))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void anImageTheNodesCannotPullFailsNamingImagePullBackOff() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        // The agent's registry has shop:1.4.0 under this digest, but the pod template names a registry host the
        // nodes cannot pull from: the digest check passes and the pull fails, as with a mistyped mirror.
        ImageSpec unpullable = new ImageSpec("mirror.sandbox.local/shop", ImageCatalogue.SHOP_1_4_0_DIGEST);
        Command command = command(new RollOutDeployment(target, unpullable, 60));

        List<Event> events = carryOut(command);

        StepFailed failed = (StepFailed) concluding(events);
        assertThat(failed.reason())
                .startsWith("new pods of " + unpullable.reference() + " are in ImagePullBackOff: pod "
                        + target.deployment())
                .contains("has not pulled its image for 1");
        assertThat(failed.measurements())
                .anySatisfy(m -> assertThat(m.name() + "=" + m.value()).isEqualTo("podFailure=ImagePullBackOff"));
        assertThat(Duration.between(
                        command.issuedAt(), events.get(events.size() - 1).occurredAt()))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aPodTemplateNoNodeHasRoomForFailsNamingUnschedulable() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        // Someone raised the container's CPU request beyond any node's size in the same change as the image.
        kubernetes
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(target.deployment())
                .edit(d -> new DeploymentBuilder(d)
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .withNewResources()
                        .addToRequests("cpu", new Quantity("64"))
                        .endResources()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
        Command command = command(new RollOutDeployment(target, SHOP_1_4_0, 60));

        List<Event> events = carryOut(command);

        StepFailed failed = (StepFailed) concluding(events);
        assertThat(failed.reason())
                .startsWith("new pods of " + SHOP_1_4_0.reference() + " are Unschedulable: pod " + target.deployment())
                .contains("Insufficient cpu");
        assertThat(failed.measurements())
                .anySatisfy(m -> assertThat(m.name() + "=" + m.value()).isEqualTo("podFailure=Unschedulable"));
        assertThat(Duration.between(
                        command.issuedAt(), events.get(events.size() - 1).occurredAt()))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void rollingBackFromACrashLoopWatchesTheRestoredPodsAndSucceeds() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        ImageSpec crashing = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_0_DIGEST);
        assertThat(concluding(carryOut(new RollOutDeployment(target, crashing, 60))))
                .isInstanceOf(StepFailed.class);

        List<Event> events = carryOut(new RollBackDeployment(target, 1, 40));

        assertThat(concluding(events)).isInstanceOf(StepSucceeded.class);
        assertThat(image(get(target))).isEqualTo(ImageCatalogue.SHOP_1_3_2);
    }

    @Test
    void aProgressDeadlineReachedFirstNamesWhatTheNewPodsAreIn() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 2);
        ImageSpec crashing = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_0_DIGEST);

        List<Event> events = carryOut(new RollOutDeployment(target, crashing, 30));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .startsWith(
                                        "deployment \"%s\" exceeded its progress deadline; 1 of 1 new pods in CrashLoopBackOff"
                                                .formatted(target.deployment())));
    }

    @Test
    void aRolloutThatDoesNotFinishInTimeFails() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        ImageSpec crashing = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_0_DIGEST);

        List<Event> events = carryOut(new RollOutDeployment(target, crashing, 2));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .startsWith("rollout of deployment \"%s\" timed out after 2s: "
                                        .formatted(target.deployment())));
    }

    @Test
    void rollingBackRestoresThePreviousImageAndARepeatedRollbackChangesNothing() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        StepSucceeded rolledOut = (StepSucceeded) concluding(carryOut(new RollOutDeployment(target, SHOP_1_4_0, 40)));
        long previousRevision = Long.parseLong(rolledOut.outputs().get(StepSucceeded.Outputs.PREVIOUS_REVISION));

        List<Event> events = carryOut(new RollBackDeployment(target, previousRevision, 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded ->
                                assertThat(succeeded.outputs()).containsEntry(StepSucceeded.Outputs.REVISION, "3"));
        assertThat(image(get(target))).isEqualTo(ImageCatalogue.SHOP_1_3_2);

        List<Event> again = carryOut(new RollBackDeployment(target, previousRevision, 40));

        assertThat(concluding(again)).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.summary()).contains("already runs the pod template");
            assertThat(succeeded.outputs()).containsEntry(StepSucceeded.Outputs.REVISION, "3");
        });
        assertThat(revision(get(target))).isEqualTo("3");
    }

    @Test
    void rollingBackToARevisionThatDoesNotExistFails() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);

        List<Event> events = carryOut(new RollBackDeployment(target, 0, 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .isEqualTo("deployment %s/%s has no previous revision to roll back to"
                                        .formatted(NAMESPACE, target.deployment())));
    }

    @Test
    void appliesConfigurationWithABackupAndRestoresIt() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        String configMap = target.deployment() + "-config";
        Map<String, String> original = Map.of("LOG_LEVEL", "info", "FEATURE_CHECKOUT_V2", "off");
        kubernetes
                .configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(configMap)
                        .endMetadata()
                        .withData(original)
                        .build())
                .create();

        List<Event> applied = carryOut(new ApplyConfiguration(
                target, configMap, Map.of("FEATURE_CHECKOUT_V2", "on", "CACHE_TTL", "60"), true, 40));

        assertThat(concluding(applied)).isInstanceOf(StepSucceeded.class);
        assertThat(configMap(configMap).getData())
                .isEqualTo(Map.of("LOG_LEVEL", "info", "FEATURE_CHECKOUT_V2", "on", "CACHE_TTL", "60"));
        ConfigMap backup = configMap(configMap + "-runway-backup-" + releaseId);
        assertThat(backup.getData()).isEqualTo(original);
        assertThat(backup.getMetadata().getLabels())
                .containsEntry("runway.dev/backup-of", configMap)
                .containsEntry("runway.dev/release-id", releaseId.toString());
        Deployment restarted = get(target);
        assertThat(restarted.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(revision(restarted)).isEqualTo("2");

        List<Event> restored = carryOut(new RestoreConfiguration(target, configMap, 40));

        assertThat(concluding(restored)).isInstanceOf(StepSucceeded.class);
        assertThat(configMap(configMap).getData()).isEqualTo(original);
        assertThat(revision(get(target))).isEqualTo("3");
    }

    @Test
    void restoringWithoutABackupFailsWithAClearReason() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);

        List<Event> events = carryOut(new RestoreConfiguration(target, "never-applied", 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .isEqualTo(
                                        "no backup of ConfigMap %s/never-applied for this release (expected ConfigMap never-applied-runway-backup-%s): nothing to restore"
                                                .formatted(NAMESPACE, releaseId)));
    }

    @Test
    void aCompensationOfARolloutThatWasNeverAppliedChangesNothing() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        // an earlier change the compensation must not undo: "the revision before the current one" would
        assertThat(concluding(carryOut(new RollOutDeployment(target, SHOP_1_4_0, 40))))
                .isInstanceOf(StepSucceeded.class);
        Command expired = command(new RollOutDeployment(
                        target, new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_6_0_DIGEST), 40))
                .expiringAt(Instant.now().minusSeconds(1));
        kafka.send(expired);
        assertThat(kafka.answering(expired, CONCLUSION))
                .singleElement()
                .satisfies(e -> assertThat(e.body()).isInstanceOf(CommandRefused.class));

        List<Event> events = carryOut(new RollBackDeployment(target, 0, 40, expired.commandId()));

        assertThat(concluding(events))
                .isEqualTo(new StepSucceeded(
                        "rollout %s was never applied; nothing to undo".formatted(expired.commandId()),
                        List.of(),
                        Map.of(StepSucceeded.Outputs.REVISION, "2")));
        assertThat(revision(get(target))).isEqualTo("2");
        assertThat(image(get(target))).isEqualTo(SHOP_1_4_0.reference());
    }

    @Test
    void aCompensationOfARolloutThatRanRollsItBack() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        Command rollOut = command(new RollOutDeployment(target, SHOP_1_4_0, 40));
        carryOut(rollOut);
        assertThat(revision(get(target))).isEqualTo("2");
        Command compensation = command(new RollBackDeployment(target, 0, 40, rollOut.commandId()));

        List<Event> events = carryOut(compensation);

        assertThat(concluding(events)).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.summary())
                    .startsWith("rolled back deployment \"%s\" to revision 1 (%s)"
                            .formatted(target.deployment(), ImageCatalogue.SHOP_1_3_2));
            assertThat(succeeded.outputs()).containsEntry(StepSucceeded.Outputs.REVISION, "3");
        });
        Deployment after = get(target);
        assertThat(image(after)).isEqualTo(ImageCatalogue.SHOP_1_3_2);
        assertThat(revision(after)).isEqualTo("3");
        // a redelivery after a restart finds its own id, not the rollout's, and rolls back no second revision
        assertThat(after.getMetadata().getAnnotations())
                .containsEntry("runway.dev/command-id", compensation.commandId().toString());
    }

    @Test
    void aCompensationOfAConfigurationChangeThatWasNeverAppliedChangesNothing() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        String configMap = configMap(target, Map.of("LOG_LEVEL", "info"));
        UUID neverApplied = UUID.randomUUID();

        List<Event> events = carryOut(new RestoreConfiguration(target, configMap, 40, neverApplied));

        assertThat(concluding(events))
                .isEqualTo(new StepSucceeded(
                        "configuration change %s was never applied; nothing to restore".formatted(neverApplied),
                        List.of(),
                        Map.of()));
        assertThat(configMap(configMap).getData()).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(configMap(configMap + "-runway-backup-" + releaseId)).isNull();
        assertThat(revision(get(target))).isEqualTo("1");
    }

    @Test
    void aCompensationOfAConfigurationChangeThatRanRestoresTheBackup() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        String configMap = configMap(target, Map.of("LOG_LEVEL", "info"));
        Command apply = command(
                new ApplyConfiguration(target, configMap, Map.of("LOG_LEVEL", "debug", "CACHE_TTL", "60"), true, 40));
        carryOut(apply);
        assertThat(revision(get(target))).isEqualTo("2");

        List<Event> events = carryOut(new RestoreConfiguration(target, configMap, 40, apply.commandId()));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.summary())
                                .startsWith("ConfigMap %s restored; ".formatted(configMap)));
        assertThat(configMap(configMap).getData()).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(revision(get(target))).isEqualTo("3");
    }

    @Test
    void aRedeliveredRolloutHasNoSecondEffect() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        Command rollOut = command(new RollOutDeployment(target, SHOP_1_4_0, 40));
        kafka.send(rollOut);
        List<Event> firstDelivery = kafka.answering(rollOut, CONCLUSION);
        String changeCause = get(target).getMetadata().getAnnotations().get("kubernetes.io/change-cause");

        kafka.send(rollOut);
        // Same key, same partition: once the next command has concluded, the redelivery has been consumed.
        UUID next =
                carryOut(new RestoreConfiguration(target, "marker", 5)).get(0).commandId();

        List<Event> all = kafka.events(
                releaseId,
                events -> events.stream()
                        .anyMatch(e -> e.commandId().equals(next) && e.body().concludes()));
        // the redelivery only publishes the recorded conclusion again, same event id, which the coordinator drops
        assertThat(all)
                .filteredOn(e -> e.commandId().equals(rollOut.commandId()))
                .containsExactlyElementsOf(concat(firstDelivery, concluding(firstDelivery, rollOut)));
        Deployment after = get(target);
        assertThat(revision(after)).isEqualTo("2");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause", changeCause);
    }

    @Test
    void afterARestartARedeliveredRollbackNeitherRepeatsItNorPutsTheRolledBackImageBack() throws Exception {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        Command rollOut = command(new RollOutDeployment(target, SHOP_1_4_0, 40));
        carryOut(rollOut);
        // "the previous revision": carried out a second time, it would roll forward to 1.4.0 again
        Command rollBack = command(new RollBackDeployment(target, 0, 40));
        Event concluded = concluding(carryOut(rollBack), rollBack);
        assertThat(revision(get(target))).isEqualTo("3");
        assertThat(get(target).getMetadata().getAnnotations())
                .containsEntry("runway.dev/command-id", rollBack.commandId().toString());

        List<Event> republished = new ArrayList<>();
        try (KafkaHandledLog log = handledLog()) {
            restartedIntake(log, republished::add).accept(record(rollBack), agent);
        }
        assertThat(republished).containsExactly(concluded);

        // A worker that stopped mid-command carries it out again: the command id on the Deployment stops a second undo.
        List<Event> again = new ArrayList<>();
        agent.carryOut(rollBack, body -> again.add(Event.answering(rollBack, "rollout-agent", Instant.now(), body)));
        assertThat(again.get(again.size() - 1).body()).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.summary()).contains("was rolled back to the previous revision by this command");
            assertThat(succeeded.outputs()).containsEntry(StepSucceeded.Outputs.REVISION, "3");
        });
        assertThat(revision(get(target))).isEqualTo("3");
        assertThat(image(get(target))).isEqualTo(ImageCatalogue.SHOP_1_3_2);
    }

    @Test
    void aRolloutCarriedOutAgainAfterARestartMakesNoSecondRevisionAndReportsTheSameRollbackPoint() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        Command rollOut = command(new RollOutDeployment(target, SHOP_1_4_0, 40));
        carryOut(rollOut);
        assertThat(get(target).getMetadata().getAnnotations())
                .containsEntry("runway.dev/command-id", rollOut.commandId().toString());

        List<Event> again = new ArrayList<>();
        agent.carryOut(rollOut, body -> again.add(Event.answering(rollOut, "rollout-agent", Instant.now(), body)));

        assertThat(again).noneSatisfy(e -> assertThat(e.body()).isInstanceOf(StepFailed.class));
        assertThat(again.get(again.size() - 1).body())
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.outputs())
                                .containsEntry(StepSucceeded.Outputs.PREVIOUS_REVISION, "1")
                                .containsEntry(StepSucceeded.Outputs.PREVIOUS_IMAGE, ImageCatalogue.SHOP_1_3_2)
                                .containsEntry(StepSucceeded.Outputs.REVISION, "2"));
        assertThat(revision(get(target))).isEqualTo("2");
    }

    @Test
    void aConfigurationChangeCarriedOutAgainAfterARestartRestartsNothingTwice() {
        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        String configMap = target.deployment() + "-config";
        kubernetes
                .configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(configMap)
                        .endMetadata()
                        .withData(Map.of("LOG_LEVEL", "info"))
                        .build())
                .create();
        Command apply = command(new ApplyConfiguration(target, configMap, Map.of("LOG_LEVEL", "debug"), true, 40));
        carryOut(apply);
        assertThat(revision(get(target))).isEqualTo("2");
        assertThat(configMap(configMap).getMetadata().getAnnotations())
                .containsEntry("runway.dev/command-id", apply.commandId().toString());

        List<Event> again = new ArrayList<>();
        agent.carryOut(apply, body -> again.add(Event.answering(apply, "rollout-agent", Instant.now(), body)));

        assertThat(again.get(again.size() - 1).body()).isInstanceOf(StepSucceeded.class);
        assertThat(revision(get(target))).isEqualTo("2");
        assertThat(configMap(configMap).getData()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
    }

    @Test
    void rollingOutTheImageAlreadyRunningKeepsTheRevision() {
        ImageSpec current = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_3_2_DIGEST);
        KubernetesTarget target = deployment(current.reference(), 600);

        List<Event> events = carryOut(new RollOutDeployment(target, current, 40));

        assertThat(concluding(events))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.outputs())
                                .containsEntry(StepSucceeded.Outputs.PREVIOUS_REVISION, "1")
                                .containsEntry(StepSucceeded.Outputs.REVISION, "1"));
        assertThat(revision(get(target))).isEqualTo("1");
    }

    @Test
    void aMalformedCommandGoesToTheDeadLetterTopicAndTheNextCommandIsStillCarriedOut() {
        String malformed = "{\"commandId\": not json " + UUID.randomUUID();
        kafka.sendRaw(Topics.ROLLOUT_COMMANDS, releaseId.toString(), malformed);

        kafka.rawValues(Topics.deadLetter(Topics.ROLLOUT_COMMANDS), values -> values.contains(malformed));

        KubernetesTarget target = deployment(ImageCatalogue.SHOP_1_3_2, 600);
        assertThat(concluding(carryOut(new RestoreConfiguration(target, "after-malformed", 5))))
                .isInstanceOf(StepFailed.class);
    }

    /** The handled-commands log of this worker, read afresh as a restarted rollout-agent reads it. */
    private KafkaHandledLog handledLog() {
        return new KafkaHandledLog(kafkaSettings, workerConfig.handledCommands().topic(), Duration.ofSeconds(30));
    }

    private static CommandIntake restartedIntake(KafkaHandledLog log, EventPublisher publisher) {
        HandledCommands handled = new HandledCommands(log, 10);
        handled.load();
        return new CommandIntake(handled, publisher, Clock.systemUTC(), "rollout-agent");
    }

    private static ConsumerRecord<String, String> record(Command command) throws JsonProcessingException {
        return new ConsumerRecord<>(
                command.topic(),
                0,
                0L,
                command.releaseId().toString(),
                RunwayJson.wire().writeValueAsString(command));
    }

    private static List<Event> concat(List<Event> events, Event last) {
        List<Event> all = new ArrayList<>(events);
        all.add(last);
        return all;
    }

    private static Event concluding(List<Event> events, Command command) {
        return events.stream()
                .filter(e ->
                        e.commandId().equals(command.commandId()) && e.body().concludes())
                .findFirst()
                .orElseThrow();
    }

    private Command command(CommandBody body) {
        return Command.of(UUID.randomUUID(), releaseId, Instant.now(), Phase.APPLICATION_DEPLOYMENT, body);
    }

    private List<Event> carryOut(CommandBody body) {
        return carryOut(command(body));
    }

    private List<Event> carryOut(Command command) {
        kafka.send(command);
        List<Event> events = kafka.answering(command, CONCLUSION);
        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        assertThat(events).filteredOn(e -> e.body().concludes()).hasSize(1);
        assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("rollout-agent"));
        return events;
    }

    private static dev.runway.model.event.EventBody concluding(List<Event> events) {
        return events.get(events.size() - 1).body();
    }

    /** A Deployment of its own for each test, rolled out to revision 1 by the sandbox's controller. */
    private KubernetesTarget deployment(String image, int progressDeadlineSeconds) {
        String name = "shop-" + SEQUENCE.incrementAndGet();
        kubernetes
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .withProgressDeadlineSeconds(progressDeadlineSeconds)
                        .withNewSelector()
                        .addToMatchLabels("app", name)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", name)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("shop")
                        .withImage(image)
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        KubernetesTarget target = new KubernetesTarget(NAMESPACE, name, "shop");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Deployment d = get(target);
            return "1".equals(revision(d))
                    && d.getStatus() != null
                    && Integer.valueOf(3).equals(d.getStatus().getAvailableReplicas());
        });
        return target;
    }

    private Deployment get(KubernetesTarget target) {
        return kubernetes
                .apps()
                .deployments()
                .inNamespace(target.namespace())
                .withName(target.deployment())
                .get();
    }

    /** A ConfigMap of the test's own Deployment, named after it. */
    private String configMap(KubernetesTarget target, Map<String, String> data) {
        String name = target.deployment() + "-config";
        kubernetes
                .configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withData(data)
                        .build())
                .create();
        return name;
    }

    private ConfigMap configMap(String name) {
        return kubernetes.configMaps().inNamespace(NAMESPACE).withName(name).get();
    }

    private static String image(Deployment deployment) {
        return deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    private static String revision(Deployment deployment) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
    }
}
