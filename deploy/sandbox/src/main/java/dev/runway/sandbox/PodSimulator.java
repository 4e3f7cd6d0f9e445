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
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * SIMULATION: keeps Pod objects in line with a ReplicaSet so that {@code kubectl get pods} looks like a cluster.
 * No container runs; a crash-looping pod's restart count grows by one per back-off period.
 */
final class PodSimulator {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Duration BACK_OFF = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final ImageCatalogue catalogue;
    private final Clock clock;
    private final Random random = new SecureRandom();

    PodSimulator(KubernetesClient client, ImageCatalogue catalogue, Clock clock) {
        this.client = client;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    void sync(ReplicaSet rs, int replicas, boolean ready) {
        String namespace = rs.getMetadata().getNamespace();
        String hash = rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(PodTemplateHash.LABEL);
        if (hash == null) {
            return;
        }
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(PodTemplateHash.LABEL, hash).list().getItems()
                .stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> rs.getMetadata().getName().equals(o.getName())))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        for (int i = pods.size(); i < replicas; i++) {
            create(rs, ready);
        }
        for (int i = replicas; i < pods.size(); i++) {
            client.pods().inNamespace(namespace).withName(pods.get(pods.size() - 1 - (i - replicas)).getMetadata().getName())
                    .delete();
        }
        if (!ready) {
            pods.stream().limit(replicas).forEach(this::renewRestartCount);
        }
    }

    private void create(ReplicaSet rs, boolean ready) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        Instant now = clock.instant();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(rs.getMetadata().getName() + "-" + suffix())
                .withNamespace(rs.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withAnnotations(template.getMetadata().getAnnotations())
                .addNewOwnerReference()
                .withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs.getMetadata().getName())
                .withUid(rs.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                .endOwnerReference()
                .addToAnnotations("runway.dev/simulated-since", now.toString())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        Pod created = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        PodStatus status = status(template, ready, 0, now);
        client.pods().inNamespace(created.getMetadata().getNamespace()).withName(created.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p).withStatus(status).build());
    }

    private void renewRestartCount(Pod pod) {
        String since = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get("runway.dev/simulated-since");
        if (since == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return;
        }
        int restarts = (int) (Duration.between(Instant.parse(since), clock.instant()).toMillis() / BACK_OFF.toMillis());
        Integer current = pod.getStatus().getContainerStatuses().get(0).getRestartCount();
        if (current == null || current != restarts) {
            PodTemplateSpec template = new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
            PodStatus status = status(template, false, restarts, Instant.parse(since));
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(p -> new PodBuilder(p).withStatus(status).build());
        }
    }

    private PodStatus status(PodTemplateSpec template, boolean ready, int restarts, Instant started) {
        String time = started.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> containers = template.getSpec().getContainers().stream().map(c -> {
            boolean starts = catalogue.find(c.getImage()).map(e -> e.behaviour().becomesReady()).orElse(false);
            ContainerStatusBuilder status = new ContainerStatusBuilder()
                    .withName(c.getName()).withImage(c.getImage()).withReady(starts).withStarted(starts)
                    .withRestartCount(starts ? 0 : restarts);
            catalogue.find(c.getImage()).ifPresent(e -> status.withImageID(ImageCatalogue.REGISTRY_HOST + "/"
                    + e.repository() + "@" + e.digest()));
            if (starts) {
                status.withNewState().withNewRunning().withStartedAt(time).endRunning().endState();
            } else if (catalogue.find(c.getImage()).isPresent()) {
                status.withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off restarting failed container (sandbox simulation)").endWaiting().endState();
            } else {
                status.withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("image not in the sandbox registry: " + c.getImage()).endWaiting().endState();
            }
            return status.build();
        }).toList();
        return new PodStatusBuilder()
                .withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").withLastTransitionTime(time)
                .endCondition()
                .addNewCondition().withType("ContainersReady").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(time).endCondition()
                .withPodIP("127.0.0.1").withHostIP("127.0.0.1").withStartTime(time)
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
