package dev.runway.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * SIMULATION: keeps Pod objects in line with a ReplicaSet so that {@code kubectl get pods} looks like a cluster.
 * No container runs. A pod of an image that starts is {@code Pending} (container {@code ContainerCreating}) until its
 * ready-at time, then {@code Running} and Ready; a crash-looping pod's restart count grows by one per back-off period.
 * A pod that asks for more than the {@link SandboxNode} has stays {@code Pending}, unscheduled.
 */
final class PodSimulator {

    static final String SINCE = "runway.dev/simulated-since";
    static final String READY_AT = "runway.dev/simulated-ready-at";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Duration BACK_OFF = Duration.ofSeconds(10);

    /** The pods of one ReplicaSet at one instant, oldest first, and how many of them are Ready. */
    record Observed(List<Pod> pods, int ready) {
        static final Observed NONE = new Observed(List.of(), 0);
    }

    private final KubernetesClient client;
    private final ImageCatalogue catalogue;
    private final Clock clock;
    private final Random random = new SecureRandom();

    PodSimulator(KubernetesClient client, ImageCatalogue catalogue, Clock clock) {
        this.client = client;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /**
     * Lists the ReplicaSet's pods and counts those Ready at {@code now}: of an image that starts, and past their
     * ready-at time. A pod whose time has just come is marked Ready.
     */
    Observed observe(ReplicaSet rs, boolean startable, Instant now) {
        String hash = rs.getMetadata().getLabels() == null
                ? null
                : rs.getMetadata().getLabels().get(PodTemplateHash.LABEL);
        if (hash == null) {
            return Observed.NONE;
        }
        List<Pod> pods = client
                .pods()
                .inNamespace(rs.getMetadata().getNamespace())
                .withLabel(PodTemplateHash.LABEL, hash)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> rs.getMetadata().getName().equals(o.getName())))
                .sorted(Comparator.comparing(
                        (Pod p) -> p.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        int ready = 0;
        if (startable) {
            for (Pod pod : pods) {
                if (isReady(pod, now)) {
                    ready++;
                    if (!readyCondition(pod)) {
                        markReady(pod);
                    }
                }
            }
        }
        return new Observed(pods, ready);
    }

    /**
     * Creates or deletes pods so that {@code replicas} remain (deleting pods that are not Ready first, then the
     * newest); new pods become Ready at {@code readyAt} if their image starts.
     *
     * @return how many of the remaining pods are Ready now
     */
    int sync(ReplicaSet rs, Observed observed, int replicas, boolean startable, Instant now, Instant readyAt) {
        String namespace = rs.getMetadata().getNamespace();
        List<Pod> pods = new ArrayList<>(observed.pods());
        int ready = observed.ready();
        if (pods.size() > replicas) {
            // Like the ReplicaSet controller: pods that are not Ready go first, then the most recently created.
            List<Pod> deletionOrder = new ArrayList<>(pods);
            deletionOrder.sort(Comparator.comparing((Pod p) -> startable && isReady(p, now))
                    .thenComparing(Comparator.comparing(
                                    (Pod p) -> p.getMetadata().getCreationTimestamp(),
                                    Comparator.nullsFirst(Comparator.naturalOrder()))
                            .reversed()));
            for (Pod pod : deletionOrder.subList(0, pods.size() - replicas)) {
                client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .delete();
                pods.remove(pod);
                if (startable && isReady(pod, now)) {
                    ready--;
                }
            }
        }
        for (int i = pods.size(); i < replicas; i++) {
            create(rs, startable, now, readyAt);
            if (startable && !readyAt.isAfter(now)) {
                ready++;
            }
        }
        if (!startable) {
            pods.forEach(this::renewRestartCount);
        }
        return ready;
    }

    /** Deletes every pod of the ReplicaSet. */
    void deleteAll(ReplicaSet rs) {
        Instant now = clock.instant();
        sync(rs, observe(rs, false, now), 0, false, now, now);
    }

    private static boolean isReady(Pod pod, Instant now) {
        return !readyAt(pod).isAfter(now);
    }

    private static Instant readyAt(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.getOrDefault(READY_AT, annotations.get(SINCE));
        try {
            return value == null ? Instant.MIN : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static boolean readyCondition(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void create(ReplicaSet rs, boolean startable, Instant now, Instant readyAt) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(rs.getMetadata().getName() + "-" + suffix())
                .withNamespace(rs.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withAnnotations(template.getMetadata().getAnnotations())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(rs.getMetadata().getName())
                .withUid(rs.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .addToAnnotations(SINCE, now.toString())
                .addToAnnotations(READY_AT, readyAt.toString())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        Pod created = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .create();
        Optional<String> unschedulable = SandboxNode.unschedulable(template);
        PodStatus status = unschedulable.isPresent()
                ? unschedulable(unschedulable.get(), now)
                : startable && readyAt.isAfter(now)
                        ? starting(template, now)
                        : status(template, startable, 0, now, readyAt);
        client.pods()
                .inNamespace(created.getMetadata().getNamespace())
                .withName(created.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p).withStatus(status).build());
    }

    private void markReady(Pod pod) {
        PodTemplateSpec template = new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
        Instant since = since(pod);
        PodStatus status = status(template, true, 0, since, readyAt(pod).isBefore(since) ? since : readyAt(pod));
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p).withStatus(status).build());
    }

    private void renewRestartCount(Pod pod) {
        if (pod.getStatus() == null
                || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return;
        }
        Instant since = since(pod);
        int restarts = (int) (Duration.between(since, clock.instant()).toMillis() / BACK_OFF.toMillis());
        Integer current = pod.getStatus().getContainerStatuses().get(0).getRestartCount();
        if (current == null || current != restarts) {
            PodTemplateSpec template = new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
            PodStatus status = status(template, false, restarts, since, since);
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .editStatus(p -> new PodBuilder(p).withStatus(status).build());
        }
    }

    private Instant since(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(SINCE);
        try {
            return value == null ? clock.instant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    /** A pod no node has room for: Pending and never scheduled, so it has no container statuses. */
    private static PodStatus unschedulable(String message, Instant created) {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .withLastTransitionTime(created.truncatedTo(ChronoUnit.SECONDS).toString())
                .endCondition()
                .build();
    }

    /** A pod whose containers are still being created: Pending, not Ready. */
    private PodStatus starting(PodTemplateSpec template, Instant created) {
        String time = created.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> containers = template.getSpec().getContainers().stream()
                .map(c -> {
                    ContainerStatusBuilder status = new ContainerStatusBuilder()
                            .withName(c.getName())
                            .withImage(c.getImage())
                            .withReady(false)
                            .withStarted(false)
                            .withRestartCount(0);
                    status.withNewState()
                            .withNewWaiting()
                            .withReason("ContainerCreating")
                            .endWaiting()
                            .endState();
                    return status.build();
                })
                .toList();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime(time)
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus("False")
                .withReason("ContainersNotReady")
                .withLastTransitionTime(time)
                .endCondition()
                .addNewCondition()
                .withType("ContainersReady")
                .withStatus("False")
                .withReason("ContainersNotReady")
                .withLastTransitionTime(time)
                .endCondition()
                .withHostIP("127.0.0.1")
                .withStartTime(time)
                .withContainerStatuses(containers)
                .build();
    }

    private PodStatus status(
            PodTemplateSpec template, boolean ready, int restarts, Instant started, Instant readySince) {
        String time = started.truncatedTo(ChronoUnit.SECONDS).toString();
        String readyTime = readySince.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> containers = template.getSpec().getContainers().stream()
                .map(c -> {
                    boolean starts = catalogue
                            .find(c.getImage())
                            .map(e -> e.behaviour().becomesReady())
                            .orElse(false);
                    ContainerStatusBuilder status = new ContainerStatusBuilder()
                            .withName(c.getName())
                            .withImage(c.getImage())
                            .withReady(starts)
                            .withStarted(starts)
                            .withRestartCount(starts ? 0 : restarts);
                    catalogue
                            .find(c.getImage())
                            .ifPresent(e -> status.withImageID(
                                    ImageCatalogue.REGISTRY_HOST + "/" + e.repository() + "@" + e.digest()));
                    if (starts) {
                        status.withNewState()
                                .withNewRunning()
                                .withStartedAt(readyTime)
                                .endRunning()
                                .endState();
                    } else if (catalogue.find(c.getImage()).isPresent()) {
                        status.withNewState()
                                .withNewWaiting()
                                .withReason("CrashLoopBackOff")
                                .withMessage("back-off restarting failed container (sandbox simulation)")
                                .endWaiting()
                                .endState();
                        if (catalogue
                                .find(c.getImage())
                                .filter(e -> e.behaviour() == ImageBehaviour.OOM_KILLED)
                                .isPresent()) {
                            // What kubectl describe shows between restarts of a container over its memory limit.
                            status.withNewLastState()
                                    .withNewTerminated()
                                    .withReason("OOMKilled")
                                    .withExitCode(137)
                                    .withStartedAt(time)
                                    .withFinishedAt(time)
                                    .endTerminated()
                                    .endLastState();
                        }
                    } else {
                        status.withNewState()
                                .withNewWaiting()
                                .withReason("ImagePullBackOff")
                                .withMessage("image not in the sandbox registry: " + c.getImage())
                                .endWaiting()
                                .endState();
                    }
                    return status.build();
                })
                .toList();
        return new PodStatusBuilder()
                .withPhase("Running")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime(time)
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(ready ? readyTime : time)
                .endCondition()
                .addNewCondition()
                .withType("ContainersReady")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(ready ? readyTime : time)
                .endCondition()
                .withPodIP("127.0.0.1")
                .withHostIP("127.0.0.1")
                .withStartTime(time)
                .withContainerStatuses(containers)
                .build();
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
