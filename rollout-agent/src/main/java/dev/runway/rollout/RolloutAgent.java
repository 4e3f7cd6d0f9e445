package dev.runway.rollout;

import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.rollout.k8s.ClusterClient;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Carries out the runbook's Phase 3 (deployment), Phase 4 (configuration) and Step R2 (rollback). */
@ApplicationScoped
public class RolloutAgent implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(RolloutAgent.class);

    private final ClusterClient cluster;
    private final ImageRegistry registry;
    private final RolloutFollower follower;
    private final Clock clock;

    public RolloutAgent(ClusterClient cluster, ImageRegistry registry, RolloutFollower follower, Clock clock) {
        this.cluster = cluster;
        this.registry = registry;
        this.follower = follower;
        this.clock = clock;
    }

    /** Reports started, maybe progress, then exactly one concluding event. */
    @Override
    public void carryOut(Command command, StepReporter reporter) {
        try {
            if (command.body() instanceof RollOutDeployment rollOut) {
                rollOut(command, rollOut, reporter);
            } else if (command.body() instanceof RollBackDeployment rollBack) {
                rollBack(command, rollBack, reporter);
            } else if (command.body() instanceof ApplyConfiguration apply) {
                applyConfiguration(command, apply, reporter);
            } else if (command.body() instanceof RestoreConfiguration restore) {
                restoreConfiguration(command, restore, reporter);
            } else {
                reporter.report(new StepFailed(
                        "rollout-agent does not carry out %s commands"
                                .formatted(command.body().getClass().getSimpleName()),
                        List.of()));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Command %s failed", command.commandId());
            reporter.report(new StepFailed("Kubernetes request failed: " + e.getMessage(), List.of()));
        }
    }

    private void rollOut(Command command, RollOutDeployment rollOut, StepReporter reporter) {
        KubernetesTarget target = rollOut.target();
        ImageSpec image = rollOut.image();
        reporter.report(new StepStarted("Rolling out %s to deployment %s/%s"
                .formatted(image.reference(), target.namespace(), target.deployment())));

        Optional<String> registryDigest = registry.digestOf(image);
        if (registryDigest.isEmpty() || !registryDigest.get().equals(image.digest())) {
            reporter.report(new StepFailed(
                    "image digest mismatch: expected %s, registry has %s"
                            .formatted(image.digest(), registryDigest.orElse("no image " + image.reference())),
                    List.of(new Measurement(
                            "imageDigest",
                            registryDigest.orElse(""),
                            "",
                            Measurement.Status.FAILED,
                            clock.instant()))));
            return;
        }
        Measurement digest = new Measurement(
                "imageDigest", registryDigest.get(), "", Measurement.Status.SUCCESSFUL, clock.instant());

        Optional<DeploymentSnapshot> before = cluster.deployment(target.namespace(), target.deployment());
        if (before.isEmpty()) {
            reporter.report(notFound(target));
            return;
        }
        Optional<String> previousImage = before.get().image(target.container());
        if (previousImage.isEmpty()) {
            reporter.report(new StepFailed(
                    "deployment %s/%s has no container \"%s\""
                            .formatted(target.namespace(), target.deployment(), target.container()),
                    List.of()));
            return;
        }
        long rollbackRevision = before.get().revision();
        String rollbackImage = previousImage.get();
        if (before.get().changedBy(command.commandId())) {
            // The rollout-agent stopped after making this change: follow it and report the rollback point it recorded.
            DeploymentSnapshot.CommandMark mark = before.get().lastChange().orElseThrow();
            rollbackRevision = mark.previousRevision();
            rollbackImage = mark.previousImage();
            LOG.infof(
                    "Deployment %s/%s already carries command %s; following its rollout without changing it",
                    target.namespace(), target.deployment(), command.commandId());
        } else if (!previousImage.get().equals(image.reference())) {
            // Setting the image a Deployment already runs would be a no-op for Kubernetes; skipping it keeps the
            // change cause too. Said before the change, so a rollout that fails halfway can still be undone to
            // exactly this revision.
            reporter.report(new StepProgressed(
                    "revision %d (%s) is the rollback point".formatted(rollbackRevision, rollbackImage),
                    List.of(new Measurement(
                            StepSucceeded.Outputs.PREVIOUS_REVISION,
                            Long.toString(rollbackRevision),
                            "revision",
                            Measurement.Status.SUCCESSFUL,
                            clock.instant()))));
            cluster.setImage(
                    target.namespace(),
                    target.deployment(),
                    target.container(),
                    image.reference(),
                    "runway release %s: set image %s=%s"
                            .formatted(command.releaseId(), target.container(), image.reference()),
                    new DeploymentSnapshot.CommandMark(command.commandId(), rollbackRevision, rollbackImage));
        }
        Optional<RolloutFollower.Result> rolledOut = followOrFail(target, rollOut.timeoutSeconds(), reporter);
        if (rolledOut.isEmpty()) {
            return;
        }
        long revision = cluster.deployment(target.namespace(), target.deployment())
                .map(DeploymentSnapshot::revision)
                .orElse(0L);
        reporter.report(new StepSucceeded(
                rolledOut.get().message(),
                List.of(digest, duration(rolledOut.get().took())),
                Map.of(
                        StepSucceeded.Outputs.PREVIOUS_REVISION,
                        Long.toString(rollbackRevision),
                        StepSucceeded.Outputs.PREVIOUS_IMAGE,
                        rollbackImage,
                        StepSucceeded.Outputs.REVISION,
                        Long.toString(revision))));
    }

    private void rollBack(Command command, RollBackDeployment rollBack, StepReporter reporter) {
        KubernetesTarget target = rollBack.target();
        String which = rollBack.toRevision() == 0 ? "the previous revision" : "revision " + rollBack.toRevision();
        reporter.report(new StepStarted(
                "Rolling back deployment %s/%s to %s".formatted(target.namespace(), target.deployment(), which)));
        Optional<DeploymentSnapshot> current = cluster.deployment(target.namespace(), target.deployment());
        if (current.isEmpty()) {
            reporter.report(notFound(target));
            return;
        }
        if (current.get().changedBy(command.commandId())) {
            // Rolled back before the rollout-agent stopped: undoing "to the previous revision" again would put the
            // rolled-back image back.
            LOG.infof(
                    "Deployment %s/%s already carries command %s; following its rollback without changing it",
                    target.namespace(), target.deployment(), command.commandId());
            followOrFail(target, rollBack.timeoutSeconds(), reporter)
                    .ifPresent(rolledBack -> reporter.report(new StepSucceeded(
                            "deployment \"%s\" was rolled back to %s by this command: %s"
                                    .formatted(target.deployment(), which, rolledBack.message()),
                            List.of(duration(rolledBack.took())),
                            Map.of(StepSucceeded.Outputs.REVISION, Long.toString(revisionOf(target))))));
            return;
        }
        if (rollBack.undoes() != null && !current.get().changedBy(rollBack.undoes())) {
            // The coordinator gave up on that rollout not knowing whether it ran. Unless the Deployment still carries
            // its mark, the revision before the current one is not the one it replaced: rolling back would undo a
            // change that is not this release's, or go one revision too far.
            LOG.infof(
                    "Deployment %s/%s does not carry rollout %s; leaving it as it is",
                    target.namespace(), target.deployment(), rollBack.undoes());
            reporter.report(new StepSucceeded(
                    "rollout %s was never applied; nothing to undo".formatted(rollBack.undoes()),
                    List.of(),
                    Map.of(
                            StepSucceeded.Outputs.REVISION,
                            Long.toString(current.get().revision()))));
            return;
        }
        RollbackOutcome outcome =
                cluster.rollBack(target.namespace(), target.deployment(), rollBack.toRevision(), command.commandId());
        if (outcome.kind() == RollbackOutcome.Kind.REVISION_NOT_FOUND) {
            reporter.report(new StepFailed(
                    "deployment %s/%s has no %s to roll back to"
                            .formatted(
                                    target.namespace(),
                                    target.deployment(),
                                    rollBack.toRevision() == 0
                                            ? "previous revision"
                                            : "revision " + rollBack.toRevision()),
                    List.of()));
            return;
        }
        Optional<RolloutFollower.Result> rolledBack = followOrFail(target, rollBack.timeoutSeconds(), reporter);
        if (rolledBack.isEmpty()) {
            return;
        }
        long revision = cluster.deployment(target.namespace(), target.deployment())
                .map(DeploymentSnapshot::revision)
                .orElse(0L);
        String summary = outcome.kind() == RollbackOutcome.Kind.ALREADY_AT_REVISION
                ? "deployment \"%s\" already runs the pod template of %s".formatted(target.deployment(), which)
                : "rolled back deployment \"%s\" to revision %d (%s): %s"
                        .formatted(
                                target.deployment(),
                                outcome.revision(),
                                outcome.image(),
                                rolledBack.get().message());
        reporter.report(new StepSucceeded(
                summary,
                List.of(duration(rolledBack.get().took())),
                Map.of(StepSucceeded.Outputs.REVISION, Long.toString(revision))));
    }

    private void applyConfiguration(Command command, ApplyConfiguration apply, StepReporter reporter) {
        KubernetesTarget target = apply.target();
        String configMap = apply.configMap();
        reporter.report(new StepStarted("Applying %d entries to ConfigMap %s/%s"
                .formatted(apply.data().size(), target.namespace(), configMap)));
        if (cluster.configMapChangedBy(target.namespace(), configMap, command.commandId())) {
            alreadyChanged(
                    command, target, configMap, "applied", apply.restartRequired(), apply.timeoutSeconds(), reporter);
            return;
        }
        Optional<Map<String, String>> current = cluster.configMapData(target.namespace(), configMap);
        if (current.isEmpty()) {
            reporter.report(
                    new StepFailed("ConfigMap %s/%s not found".formatted(target.namespace(), configMap), List.of()));
            return;
        }
        String backup = ConfigBackup.name(configMap, command.releaseId());
        boolean created = cluster.createBackupIfAbsent(
                target.namespace(),
                configMap,
                command.releaseId(),
                new ConfigBackup(current.get(), apply.restartRequired()));
        // An existing backup holds the data from before this release's first attempt: it is kept, never overwritten.
        LOG.infof(
                created ? "Backed up ConfigMap %s/%s as %s" : "Kept the existing backup of ConfigMap %s/%s, %s",
                target.namespace(),
                configMap,
                backup);
        cluster.putEntries(target.namespace(), configMap, apply.data(), command.commandId());
        if (!apply.restartRequired()) {
            reporter.report(new StepSucceeded(
                    "ConfigMap %s updated (backup %s); no restart required".formatted(configMap, backup),
                    List.of(),
                    Map.of()));
            return;
        }
        cluster.restart(target.namespace(), target.deployment(), clock.instant(), command.commandId());
        followOrFail(target, apply.timeoutSeconds(), reporter)
                .ifPresent(restarted -> reporter.report(new StepSucceeded(
                        "ConfigMap %s updated (backup %s); %s".formatted(configMap, backup, restarted.message()),
                        List.of(duration(restarted.took())),
                        Map.of())));
    }

    private void restoreConfiguration(Command command, RestoreConfiguration restore, StepReporter reporter) {
        KubernetesTarget target = restore.target();
        String configMap = restore.configMap();
        reporter.report(new StepStarted("Restoring ConfigMap %s/%s".formatted(target.namespace(), configMap)));
        boolean restoredBefore = cluster.configMapChangedBy(target.namespace(), configMap, command.commandId());
        if (restore.undoes() != null
                && !restoredBefore
                && !cluster.configMapChangedBy(target.namespace(), configMap, restore.undoes())) {
            // The apply marks the ConfigMap in the same edit as its data, so without its mark it never changed the
            // data (a backup without the mark is from an apply stopped before it wrote): the data is as it was.
            LOG.infof(
                    "ConfigMap %s/%s does not carry configuration change %s; leaving it as it is",
                    target.namespace(), configMap, restore.undoes());
            reporter.report(new StepSucceeded(
                    "configuration change %s was never applied; nothing to restore".formatted(restore.undoes()),
                    List.of(),
                    Map.of()));
            return;
        }
        Optional<ConfigBackup> backup = cluster.backup(target.namespace(), configMap, command.releaseId());
        if (backup.isEmpty()) {
            reporter.report(new StepFailed(
                    "no backup of ConfigMap %s/%s for this release (expected ConfigMap %s): nothing to restore"
                            .formatted(
                                    target.namespace(), configMap, ConfigBackup.name(configMap, command.releaseId())),
                    List.of()));
            return;
        }
        if (restoredBefore) {
            alreadyChanged(
                    command,
                    target,
                    configMap,
                    "restored",
                    backup.get().restartRequired(),
                    restore.timeoutSeconds(),
                    reporter);
            return;
        }
        cluster.replaceData(target.namespace(), configMap, backup.get().data(), command.commandId());
        if (!backup.get().restartRequired()) {
            reporter.report(new StepSucceeded(
                    "ConfigMap %s restored; no restart required".formatted(configMap), List.of(), Map.of()));
            return;
        }
        cluster.restart(target.namespace(), target.deployment(), clock.instant(), command.commandId());
        followOrFail(target, restore.timeoutSeconds(), reporter)
                .ifPresent(restarted -> reporter.report(new StepSucceeded(
                        "ConfigMap %s restored; %s".formatted(configMap, restarted.message()),
                        List.of(duration(restarted.took())),
                        Map.of())));
    }

    /**
     * A configuration command redelivered after the rollout-agent stopped, whose change the ConfigMap already carries:
     * the restart it needs is made unless the Deployment carries the command too, then its rollout is followed.
     */
    private void alreadyChanged(
            Command command,
            KubernetesTarget target,
            String configMap,
            String done,
            boolean restartRequired,
            int timeoutSeconds,
            StepReporter reporter) {
        LOG.infof(
                "ConfigMap %s/%s already carries command %s; not changing it again",
                target.namespace(), configMap, command.commandId());
        if (!restartRequired) {
            reporter.report(new StepSucceeded(
                    "ConfigMap %s %s by this command; no restart required".formatted(configMap, done),
                    List.of(),
                    Map.of()));
            return;
        }
        boolean restarted = cluster.deployment(target.namespace(), target.deployment())
                .map(d -> d.changedBy(command.commandId()))
                .orElse(false);
        if (!restarted) {
            cluster.restart(target.namespace(), target.deployment(), clock.instant(), command.commandId());
        }
        followOrFail(target, timeoutSeconds, reporter)
                .ifPresent(rollout -> reporter.report(new StepSucceeded(
                        "ConfigMap %s %s by this command; %s".formatted(configMap, done, rollout.message()),
                        List.of(duration(rollout.took())),
                        Map.of())));
    }

    private long revisionOf(KubernetesTarget target) {
        return cluster.deployment(target.namespace(), target.deployment())
                .map(DeploymentSnapshot::revision)
                .orElse(0L);
    }

    /** The rollout's result when it completed; otherwise reports the failure and returns empty. */
    private Optional<RolloutFollower.Result> followOrFail(
            KubernetesTarget target, int timeoutSeconds, StepReporter reporter) {
        RolloutFollower.Result result =
                follower.follow(target.namespace(), target.deployment(), Duration.ofSeconds(timeoutSeconds), reporter);
        if (result.complete()) {
            return Optional.of(result);
        }
        List<Measurement> measurements = new ArrayList<>(result.measurements());
        measurements.add(duration(result.took()));
        reporter.report(new StepFailed(result.message(), measurements));
        return Optional.empty();
    }

    private Measurement duration(Duration took) {
        return new Measurement(
                "rolloutDuration",
                Long.toString(took.toMillis()),
                "ms",
                Measurement.Status.SUCCESSFUL,
                clock.instant());
    }

    private static StepFailed notFound(KubernetesTarget target) {
        return new StepFailed(
                "deployment %s/%s not found".formatted(target.namespace(), target.deployment()), List.of());
    }
}
