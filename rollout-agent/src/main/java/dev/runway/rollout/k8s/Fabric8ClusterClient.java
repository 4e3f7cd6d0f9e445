package dev.runway.rollout.k8s;

import dev.runway.rollout.ConfigBackup;
import dev.runway.rollout.DeploymentSnapshot;
import dev.runway.rollout.PodClassifier;
import dev.runway.rollout.PodState;
import dev.runway.rollout.RollbackOutcome;
import dev.runway.rollout.RolloutObservation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ClusterClient} on the fabric8 client. Every change goes through {@code edit()}, which
 * sends a JSON Patch of the difference: {@code update()} would overwrite status written meanwhile,
 * and a merge patch of the containers list is ignored by some API servers (fabric8's mock).
 */
@ApplicationScoped
public class Fabric8ClusterClient implements ClusterClient {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    static final String BACKUP_OF = "runway.dev/backup-of";
    static final String RELEASE_ID = "runway.dev/release-id";
    static final String RESTART_REQUIRED = "runway.dev/restart-required";
    /**
     * The command that last changed the object (the Deployment's pod template, the ConfigMap's data), written in the
     * same change, so that the command redelivered after a restart of the rollout-agent does not change it again.
     */
    static final String COMMAND_ID = "runway.dev/command-id";
    /** Beside a rollout's command id: the rollback point it reported, reported again on its redelivery. */
    static final String PREVIOUS_REVISION = "runway.dev/previous-revision";

    static final String PREVIOUS_IMAGE = "runway.dev/previous-image";
    /**
     * Set by a rollback, removed by any other template change: the controller renumbers the
     * restored ReplicaSet, so after {@code undo --to-revision=N} no revision N is left to compare with.
     */
    static final String ROLLED_BACK_TO = "runway.dev/rolled-back-to-revision";

    private final KubernetesClient client;

    public Fabric8ClusterClient(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<DeploymentSnapshot> deployment(String namespace, String deployment) {
        return Optional.ofNullable(deploymentResource(namespace, deployment).get())
                .map(d -> {
                    Map<String, String> images = new LinkedHashMap<>();
                    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                        images.put(c.getName(), c.getImage());
                    }
                    return new DeploymentSnapshot(revision(d), images, mark(d));
                });
    }

    @Override
    public void setImage(
            String namespace,
            String deployment,
            String container,
            String image,
            String changeCause,
            DeploymentSnapshot.CommandMark mark) {
        deploymentResource(namespace, deployment)
                .edit(d -> new DeploymentBuilder(d)
                        .editMetadata()
                        .addToAnnotations(CHANGE_CAUSE, changeCause)
                        .removeFromAnnotations(ROLLED_BACK_TO)
                        .addToAnnotations(COMMAND_ID, mark.commandId().toString())
                        .addToAnnotations(PREVIOUS_REVISION, Long.toString(mark.previousRevision()))
                        .addToAnnotations(PREVIOUS_IMAGE, mark.previousImage())
                        .endMetadata()
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .editMatchingContainer(c -> container.equals(c.getName()))
                        .withImage(image)
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
    }

    @Override
    public Optional<RolloutObservation> observe(String namespace, String deployment) {
        return Optional.ofNullable(deploymentResource(namespace, deployment).get())
                .map(Fabric8ClusterClient::observation);
    }

    static RolloutObservation observation(Deployment d) {
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        boolean deadlineExceeded = status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c ->
                                "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()));
        return new RolloutObservation(
                d.getMetadata().getName(),
                orZero(d.getMetadata().getGeneration()),
                orZero(status.getObservedGeneration()),
                d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
                orZero(status.getReplicas()),
                orZero(status.getUpdatedReplicas()),
                orZero(status.getAvailableReplicas()),
                deadlineExceeded);
    }

    @Override
    public List<PodState> newPods(String namespace, String deployment) {
        Deployment current = deploymentResource(namespace, deployment).get();
        if (current == null) {
            return List.of();
        }
        PodTemplateSpec template = withoutHash(current.getSpec().getTemplate());
        return ownedReplicaSets(namespace, current).stream()
                .filter(rs -> withoutHash(rs.getSpec().getTemplate()).equals(template))
                .findFirst()
                .map(rs -> podsOf(namespace, rs))
                .orElse(List.of());
    }

    /** Selected like the ReplicaSet controller's own: its {@code pod-template-hash} label, then its owner reference. */
    private List<PodState> podsOf(String namespace, ReplicaSet rs) {
        String hash = rs.getMetadata().getLabels() == null
                ? null
                : rs.getMetadata().getLabels().get(POD_TEMPLATE_HASH);
        if (hash == null) {
            return List.of();
        }
        return client.pods().inNamespace(namespace).withLabel(POD_TEMPLATE_HASH, hash).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getOwnerReferences() != null
                        && pod.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> Objects.equals(
                                                o.getUid(), rs.getMetadata().getUid())
                                        || ("ReplicaSet".equals(o.getKind())
                                                && rs.getMetadata().getName().equals(o.getName()))))
                .sorted(Comparator.comparing(
                        (Pod pod) -> pod.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(PodClassifier::classify)
                .toList();
    }

    @Override
    public RollbackOutcome rollBack(String namespace, String deployment, long toRevision, UUID commandId) {
        Deployment current = deploymentResource(namespace, deployment).require();
        List<ReplicaSet> owned = ownedReplicaSets(namespace, current);
        Optional<ReplicaSet> target = pick(owned, revision(current), toRevision);
        if (target.isEmpty()
                && toRevision > 0
                && Long.toString(toRevision).equals(annotations(current).get(ROLLED_BACK_TO))) {
            String image = current.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage();
            return new RollbackOutcome(RollbackOutcome.Kind.ALREADY_AT_REVISION, revision(current), image);
        }
        if (target.isEmpty()) {
            return new RollbackOutcome(RollbackOutcome.Kind.REVISION_NOT_FOUND, toRevision, null);
        }
        ReplicaSet rs = target.get();
        long revision = revision(rs);
        PodTemplateSpec template = withoutHash(rs.getSpec().getTemplate());
        String image = template.getSpec().getContainers().get(0).getImage();
        if (template.equals(withoutHash(current.getSpec().getTemplate()))) {
            return new RollbackOutcome(RollbackOutcome.Kind.ALREADY_AT_REVISION, revision, image);
        }
        String changeCause = annotations(rs).get(CHANGE_CAUSE);
        deploymentResource(namespace, deployment).edit(d -> {
            DeploymentBuilder builder = new DeploymentBuilder(d)
                    .editSpec()
                    .withTemplate(template)
                    .endSpec()
                    .editMetadata()
                    .addToAnnotations(ROLLED_BACK_TO, Long.toString(revision))
                    .addToAnnotations(COMMAND_ID, commandId.toString())
                    .removeFromAnnotations(PREVIOUS_REVISION)
                    .removeFromAnnotations(PREVIOUS_IMAGE)
                    .endMetadata();
            if (changeCause != null) {
                builder.editMetadata()
                        .addToAnnotations(CHANGE_CAUSE, changeCause)
                        .endMetadata();
            }
            return builder.build();
        });
        return new RollbackOutcome(RollbackOutcome.Kind.ROLLED_BACK, revision, image);
    }

    /** kubectl's choice: the exact revision, or for 0 the highest revision below the current one. */
    static Optional<ReplicaSet> pick(List<ReplicaSet> replicaSets, long currentRevision, long toRevision) {
        if (toRevision > 0) {
            return replicaSets.stream().filter(rs -> revision(rs) == toRevision).findFirst();
        }
        return replicaSets.stream()
                .filter(rs -> revision(rs) < currentRevision && revision(rs) > 0)
                .max((a, b) -> Long.compare(revision(a), revision(b)));
    }

    @Override
    public void restart(String namespace, String deployment, Instant at, UUID commandId) {
        deploymentResource(namespace, deployment)
                .edit(d -> new DeploymentBuilder(d)
                        .editMetadata()
                        .removeFromAnnotations(ROLLED_BACK_TO)
                        .addToAnnotations(COMMAND_ID, commandId.toString())
                        .removeFromAnnotations(PREVIOUS_REVISION)
                        .removeFromAnnotations(PREVIOUS_IMAGE)
                        .endMetadata()
                        .editSpec()
                        .editTemplate()
                        .editOrNewMetadata()
                        .addToAnnotations(RESTARTED_AT, at.toString())
                        .endMetadata()
                        .endTemplate()
                        .endSpec()
                        .build());
    }

    @Override
    public boolean configMapChangedBy(String namespace, String configMap, UUID commandId) {
        return Optional.ofNullable(client.configMaps()
                        .inNamespace(namespace)
                        .withName(configMap)
                        .get())
                .map(cm -> commandId.toString().equals(annotations(cm).get(COMMAND_ID)))
                .orElse(false);
    }

    @Override
    public Optional<Map<String, String>> configMapData(String namespace, String configMap) {
        return Optional.ofNullable(client.configMaps()
                        .inNamespace(namespace)
                        .withName(configMap)
                        .get())
                .map(cm -> cm.getData() == null ? Map.of() : cm.getData());
    }

    @Override
    public boolean createBackupIfAbsent(String namespace, String configMap, UUID releaseId, ConfigBackup backup) {
        ConfigMap copy = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ConfigBackup.name(configMap, releaseId))
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "runway")
                .addToLabels(BACKUP_OF, configMap)
                .addToLabels(RELEASE_ID, releaseId.toString())
                .addToAnnotations(RESTART_REQUIRED, Boolean.toString(backup.restartRequired()))
                .endMetadata()
                .withData(backup.data())
                .build();
        try {
            client.configMaps().inNamespace(namespace).resource(copy).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<ConfigBackup> backup(String namespace, String configMap, UUID releaseId) {
        return Optional.ofNullable(client.configMaps()
                        .inNamespace(namespace)
                        .withName(ConfigBackup.name(configMap, releaseId))
                        .get())
                .map(cm -> new ConfigBackup(
                        cm.getData() == null ? Map.of() : cm.getData(),
                        Boolean.parseBoolean(annotations(cm).get(RESTART_REQUIRED))));
    }

    @Override
    public void putEntries(String namespace, String configMap, Map<String, String> entries, UUID commandId) {
        client.configMaps()
                .inNamespace(namespace)
                .withName(configMap)
                .edit(cm -> new ConfigMapBuilder(cm)
                        .addToData(entries)
                        .editMetadata()
                        .addToAnnotations(COMMAND_ID, commandId.toString())
                        .endMetadata()
                        .build());
    }

    @Override
    public void replaceData(String namespace, String configMap, Map<String, String> data, UUID commandId) {
        client.configMaps()
                .inNamespace(namespace)
                .withName(configMap)
                .edit(cm -> new ConfigMapBuilder(cm)
                        .withData(new LinkedHashMap<>(data))
                        .editMetadata()
                        .addToAnnotations(COMMAND_ID, commandId.toString())
                        .endMetadata()
                        .build());
    }

    private RollableScalableResource<Deployment> deploymentResource(String namespace, String deployment) {
        return client.apps().deployments().inNamespace(namespace).withName(deployment);
    }

    private List<ReplicaSet> ownedReplicaSets(String namespace, Deployment deployment) {
        return client
                .apps()
                .replicaSets()
                .inNamespace(namespace)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()
                .stream()
                .filter(rs -> ownedBy(rs, deployment))
                .toList();
    }

    private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
        var owners = rs.getMetadata().getOwnerReferences();
        // Selector labels alone decide when nothing records an owner.
        return owners == null
                || owners.isEmpty()
                || owners.stream()
                        .anyMatch(o -> Objects.equals(
                                        o.getUid(), deployment.getMetadata().getUid())
                                || ("Deployment".equals(o.getKind())
                                        && deployment.getMetadata().getName().equals(o.getName())));
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
            labels.remove(POD_TEMPLATE_HASH);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    private static Optional<DeploymentSnapshot.CommandMark> mark(Deployment d) {
        Map<String, String> annotations = annotations(d);
        String commandId = annotations.get(COMMAND_ID);
        if (commandId == null) {
            return Optional.empty();
        }
        try {
            String previousRevision = annotations.get(PREVIOUS_REVISION);
            return Optional.of(new DeploymentSnapshot.CommandMark(
                    UUID.fromString(commandId),
                    previousRevision == null ? 0 : Long.parseLong(previousRevision),
                    annotations.getOrDefault(PREVIOUS_IMAGE, "")));
        } catch (IllegalArgumentException e) {
            // Not Runway's writing: treated as no mark, so the command changes the Deployment as it would anyway.
            return Optional.empty();
        }
    }

    private static long revision(HasMetadata resource) {
        String value = annotations(resource).get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> annotations(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
