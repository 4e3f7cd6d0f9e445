package dev.runway.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION: plays the Kubernetes Deployment controller against any {@link KubernetesClient}, typically the fabric8
 * mock API server, where nothing else would ever create a ReplicaSet or fill in a status.
 *
 * <p>What it does, like the real controller: hashes each Deployment's pod template, creates or adopts the ReplicaSet
 * labelled with that {@code pod-template-hash} (owner reference, {@code deployment.kubernetes.io/revision} = newest
 * + 1, also when an old template comes back), rolls replicas over with maxSurge=1 and maxUnavailable=0 at one
 * replica per {@code step}, a new replica becoming available one {@code step} after it was created and an old one
 * removed only then (a fresh Deployment comes up at once), keeps ReplicaSet and Deployment status
 * (observedGeneration, replica counts, Available and Progressing conditions, ProgressDeadlineExceeded) up to date, and keeps Pod objects in line with the
 * ReplicaSets. Pods are not run: whether they become Ready is read from the {@link ImageCatalogue}; an image the
 * catalogue does not know behaves like a crash loop, as an image that cannot be pulled would.
 *
 * <p>What it does not do: honour the Deployment's strategy settings, pause, minReadySeconds, revisionHistoryLimit,
 * selectors of any kind (ownership is by owner reference), or anything about other workload kinds.
 */
public final class DeploymentController implements AutoCloseable {

    static final String REVISION = "deployment.kubernetes.io/revision";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    private static final Duration MAX_TICK = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final ImageCatalogue catalogue;
    private final Duration step;
    private final Clock clock;
    private final PodSimulator pods;
    private final SandboxEndpoints endpoints;
    private final Map<String, Instant> lastMove = new ConcurrentHashMap<>();
    private final Map<String, Optional<CatalogueEntry>> serving = new ConcurrentHashMap<>();
    private final Map<String, List<ReadyPods>> readyPods = new ConcurrentHashMap<>();
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    /**
     * @param step the time one replica takes to move from the old ReplicaSets to the new one, and a new replica to
     *             become Ready after it was created
     */
    public DeploymentController(KubernetesClient client, ImageCatalogue catalogue, Duration step) {
        this(client, catalogue, step, Clock.systemUTC());
    }

    DeploymentController(KubernetesClient client, ImageCatalogue catalogue, Duration step, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.step = Objects.requireNonNull(step, "step");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pods = new PodSimulator(client, catalogue, clock);
        this.endpoints = new SandboxEndpoints(client);
    }

    /** Starts reconciling every Deployment in every namespace on a background thread. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-deployment-controller");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(10, Math.min(step.toMillis(), MAX_TICK.toMillis()));
        executor.scheduleWithFixedDelay(this::reconcileAllSafely, 0, tick, TimeUnit.MILLISECONDS);
        LOG.info("Sandbox (simulation): deployment controller started, one replica every {} ms", step.toMillis());
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    /**
     * The image the application of this Deployment serves: that of the newest ReplicaSet that has had all the
     * Deployment's replicas available. Empty when the Deployment exists but nothing is available; null when the
     * controller has not seen the Deployment.
     */
    Optional<CatalogueEntry> serving(String namespace, String deployment) {
        return serving.get(key(namespace, deployment));
    }

    /** The Deployment's Ready pods by ReplicaSet, newest revision first; empty when none is Ready or unknown. */
    List<ReadyPods> readyPods(String namespace, String deployment) {
        return readyPods.getOrDefault(key(namespace, deployment), List.of());
    }

    /** Every Deployment the controller has seen. */
    List<DeploymentKey> deployments() {
        return serving.keySet().stream()
                .sorted()
                .map(key -> new DeploymentKey(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1)))
                .toList();
    }

    private void reconcileAllSafely() {
        try {
            reconcileAll();
        } catch (RuntimeException e) {
            // A reconcile loop must survive anything the API server says; the next tick tries again.
            LOG.warn("Sandbox (simulation): reconcile failed: {}", e.toString());
        }
    }

    /** One pass over all Deployments. Package-private so the sandbox can settle its seed before serving. */
    synchronized void reconcileAll() {
        List<Deployment> deployments =
                client.apps().deployments().inAnyNamespace().list().getItems();
        Map<String, List<ReplicaSet>> replicaSetsByOwner =
                client.apps().replicaSets().inAnyNamespace().list().getItems().stream()
                        .filter(rs -> ownerDeployment(rs) != null)
                        .collect(
                                Collectors.groupingBy(rs -> key(rs.getMetadata().getNamespace(), ownerDeployment(rs))));
        Set<String> seen = new HashSet<>();
        for (Deployment deployment : deployments) {
            String key = key(
                    deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName());
            seen.add(key);
            try {
                reconcile(deployment, new ArrayList<>(replicaSetsByOwner.getOrDefault(key, List.of())));
                lastFailure.remove(key);
            } catch (KubernetesClientException e) {
                // Usually a conflict with a concurrent writer; the next tick sees the fresh object.
                reportFailure(key, e);
            } catch (RuntimeException e) {
                // One malformed Deployment must not stop the others from being reconciled.
                reportFailure(key, e);
            }
        }
        replicaSetsByOwner.forEach((owner, orphans) -> {
            if (!seen.contains(owner)) {
                orphans.forEach(this::deleteOrphan);
            }
        });
        serving.keySet().retainAll(seen);
        readyPods.keySet().retainAll(seen);
        lastMove.keySet().retainAll(seen);
        lastFailure.keySet().retainAll(seen);
        endpoints.forget(seen);
    }

    /** Logs a failure once, not on every tick while it persists. */
    private void reportFailure(String key, RuntimeException e) {
        String message = e.toString();
        if (!message.equals(lastFailure.put(key, message))) {
            if (e instanceof KubernetesClientException kce && kce.getCode() == 409) {
                LOG.debug("Sandbox (simulation): reconcile of {} deferred: {}", key, message);
            } else {
                LOG.warn("Sandbox (simulation): cannot reconcile {}: {}", key, message);
            }
        }
    }

    private void reconcile(Deployment deployment, List<ReplicaSet> owned) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        String key = key(namespace, name);
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        PodTemplateSpec template =
                PodTemplateHash.withoutHashLabel(deployment.getSpec().getTemplate());
        String hash = PodTemplateHash.of(template);
        Instant now = clock.instant();

        int newestRevision =
                owned.stream().mapToInt(DeploymentController::revision).max().orElse(0);
        ReplicaSet current = owned.stream()
                .filter(rs -> hash.equals(labels(rs.getMetadata()).get(PodTemplateHash.LABEL)))
                .findFirst()
                .orElse(null);
        String progressReason;
        if (current == null) {
            current = createReplicaSet(deployment, template, hash, newestRevision + 1);
            owned.add(current);
            progressReason = "NewReplicaSetCreated";
            LOG.info(
                    "Sandbox (simulation): {} revision {} -> new ReplicaSet {} ({})",
                    key,
                    newestRevision + 1,
                    current.getMetadata().getName(),
                    images(template));
        } else if (revision(current) < newestRevision) {
            // Like Kubernetes: a template that comes back (a rollback) gets its old ReplicaSet with a new revision.
            ReplicaSet revived = setRevision(current, newestRevision + 1);
            owned.replaceAll(rs -> sameName(rs, revived) ? revived : rs);
            current = revived;
            progressReason = "FoundNewReplicaSet";
            LOG.info(
                    "Sandbox (simulation): {} revision {} -> earlier ReplicaSet {} ({})",
                    key,
                    newestRevision + 1,
                    current.getMetadata().getName(),
                    images(template));
        } else {
            progressReason = null;
        }
        String currentRevision = String.valueOf(revision(current));
        boolean templateSwitched =
                !currentRevision.equals(annotations(deployment.getMetadata()).get(REVISION));
        if (templateSwitched) {
            deployment = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(name)
                    .edit(d -> new DeploymentBuilder(d)
                            .editMetadata()
                            .addToAnnotations(REVISION, currentRevision)
                            .endMetadata()
                            .build());
            progressReason = progressReason == null ? "FoundNewReplicaSet" : progressReason;
            // The first replica moves one step after the switch, like every later one.
            lastMove.put(key, now);
        }

        ReplicaSet newRs = current;
        List<ReplicaSet> olds =
                owned.stream().filter(rs -> !sameName(rs, newRs)).toList();
        // What the ReplicaSets' pods are like now: the plan counts only replicas that are available already.
        Map<String, PodSimulator.Observed> observed = new HashMap<>();
        for (ReplicaSet rs : owned) {
            if (hasPods(rs)) {
                observed.put(
                        rs.getMetadata().getName(),
                        pods.observe(rs, becomesReady(rs.getSpec().getTemplate()), now));
            }
        }
        boolean mayMove = !now.isBefore(lastMove.getOrDefault(key, Instant.MIN).plus(step));
        List<RollingUpdate.ReplicaSetState> oldStates = olds.stream()
                .filter(rs -> replicas(rs) > 0)
                .map(rs -> state(rs, observed))
                .toList();
        Map<String, Integer> targets = RollingUpdate.plan(desired, state(newRs, observed), oldStates, mayMove);
        // A fresh Deployment (nothing running, no old replicas) comes up at once, as the seed must; every other new
        // replica becomes Ready one step after it was created.
        boolean fresh = replicas(newRs) == 0 && oldStates.isEmpty();
        Instant readyAt = fresh ? now : now.plus(step);
        boolean moved = false;
        Map<String, Integer> availableByName = new HashMap<>();
        for (ReplicaSet rs : owned) {
            String rsName = rs.getMetadata().getName();
            int target = targets.getOrDefault(rsName, replicas(rs));
            if (target != replicas(rs)) {
                moved = true;
                scale(rs, target);
            }
            int ready = 0;
            // Old ReplicaSets accumulate (no revision history limit); one at zero needs no pod listing every tick.
            if (target > 0 || observed.containsKey(rsName)) {
                ready = pods.sync(
                        rs,
                        observed.getOrDefault(rsName, PodSimulator.Observed.NONE),
                        target,
                        becomesReady(rs.getSpec().getTemplate()),
                        now,
                        readyAt);
            }
            availableByName.put(rsName, ready);
            updateReplicaSetStatus(rs, target, ready);
        }
        if (moved) {
            lastMove.put(key, now);
            progressReason = progressReason == null ? "ReplicaSetUpdated" : progressReason;
        }

        int updated = targets.get(newRs.getMetadata().getName());
        int newAvailable = availableByName.getOrDefault(newRs.getMetadata().getName(), 0);
        int total = targets.values().stream().mapToInt(Integer::intValue).sum();
        int available =
                availableByName.values().stream().mapToInt(Integer::intValue).sum();
        boolean complete = updated == desired && newAvailable == desired && total == desired;
        updateServing(key, owned, availableByName, desired, complete, newRs);
        readyPods.put(key, readyPods(owned, availableByName));
        updateDeploymentStatus(deployment, desired, total, updated, available, complete, progressReason, newRs, now);
        endpoints.sync(deployment);
    }

    private static boolean hasPods(ReplicaSet rs) {
        return replicas(rs) > 0
                || (rs.getStatus() != null
                        && rs.getStatus().getReplicas() != null
                        && rs.getStatus().getReplicas() > 0);
    }

    private ReplicaSet createReplicaSet(Deployment deployment, PodTemplateSpec template, String hash, int revision) {
        ObjectMeta meta = deployment.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(labels(template.getMetadata()));
        labels.put(PodTemplateHash.LABEL, hash);
        PodTemplateSpec labelled = new PodTemplateSpecBuilder(template)
                .editOrNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .build();
        LabelSelector selector = new LabelSelectorBuilder(
                        Optional.ofNullable(deployment.getSpec().getSelector()).orElse(new LabelSelector()))
                .addToMatchLabels(PodTemplateHash.LABEL, hash)
                .build();
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(meta.getName())
                .withUid(meta.getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(meta.getName() + "-" + hash)
                .withNamespace(meta.getNamespace())
                .withLabels(labels)
                .addToAnnotations(REVISION, String.valueOf(revision))
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withSelector(selector)
                .withTemplate(labelled)
                .endSpec()
                .build();
        return client.apps()
                .replicaSets()
                .inNamespace(meta.getNamespace())
                .resource(rs)
                .create();
    }

    private ReplicaSet setRevision(ReplicaSet rs, int revision) {
        return client.apps()
                .replicaSets()
                .inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName())
                .edit(r -> new ReplicaSetBuilder(r)
                        .editMetadata()
                        .addToAnnotations(REVISION, String.valueOf(revision))
                        .endMetadata()
                        .build());
    }

    private void scale(ReplicaSet rs, int replicas) {
        client.apps()
                .replicaSets()
                .inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName())
                .edit(r -> new ReplicaSetBuilder(r)
                        .editSpec()
                        .withReplicas(replicas)
                        .endSpec()
                        .build());
    }

    private void updateReplicaSetStatus(ReplicaSet rs, int replicas, int ready) {
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(replicas)
                .withFullyLabeledReplicas(replicas)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .build();
        if (!status.equals(rs.getStatus())) {
            client.apps()
                    .replicaSets()
                    .inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName())
                    .editStatus(r -> new ReplicaSetBuilder(r).withStatus(status).build());
        }
    }

    private void updateServing(
            String key,
            List<ReplicaSet> owned,
            Map<String, Integer> availableByName,
            int desired,
            boolean complete,
            ReplicaSet newRs) {
        int anyAvailable =
                availableByName.values().stream().mapToInt(Integer::intValue).sum();
        if (desired == 0 || anyAvailable == 0) {
            serving.put(key, Optional.empty());
        } else if (complete) {
            serving.put(key, entry(newRs.getSpec().getTemplate()));
        } else if (serving.getOrDefault(key, Optional.empty()).isEmpty()) {
            // No history (e.g. a restart mid-rollout): serve whatever has the most available replicas.
            owned.stream()
                    .filter(rs -> availableByName.getOrDefault(rs.getMetadata().getName(), 0) > 0)
                    .max(Comparator.<ReplicaSet>comparingInt(rs -> availableByName.getOrDefault(
                                    rs.getMetadata().getName(), 0))
                            .thenComparingInt(DeploymentController::revision))
                    .ifPresent(rs -> serving.put(key, entry(rs.getSpec().getTemplate())));
        }
    }

    private List<ReadyPods> readyPods(List<ReplicaSet> owned, Map<String, Integer> availableByName) {
        List<ReadyPods> ready = new ArrayList<>();
        owned.stream()
                .sorted(Comparator.comparingInt(DeploymentController::revision).reversed())
                .forEach(rs -> {
                    int count = availableByName.getOrDefault(rs.getMetadata().getName(), 0);
                    if (count > 0) {
                        entry(rs.getSpec().getTemplate()).ifPresent(image -> ready.add(new ReadyPods(image, count)));
                    }
                });
        return List.copyOf(ready);
    }

    private void updateDeploymentStatus(
            Deployment deployment,
            int desired,
            int total,
            int updated,
            int available,
            boolean complete,
            String progressReason,
            ReplicaSet newRs,
            Instant now) {
        DeploymentStatus previous = Optional.ofNullable(deployment.getStatus()).orElse(new DeploymentStatus());
        String rsName = newRs.getMetadata().getName();
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();

        DeploymentCondition availableCondition = available >= desired
                ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : condition(
                        "Available",
                        "False",
                        "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.");

        DeploymentCondition oldProgressing = find(previous, "Progressing");
        DeploymentCondition progressing;
        if (complete) {
            progressing = condition(
                    "Progressing",
                    "True",
                    "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.");
        } else if (progressReason != null) {
            progressing = condition(
                    "Progressing",
                    "True",
                    progressReason,
                    switch (progressReason) {
                        case "NewReplicaSetCreated" -> "Created new replica set \"" + rsName + "\"";
                        case "FoundNewReplicaSet" -> "Found new replica set \"" + rsName + "\"";
                        default -> "ReplicaSet \"" + rsName + "\" is progressing.";
                    });
        } else if (oldProgressing != null
                && !"ProgressDeadlineExceeded".equals(oldProgressing.getReason())
                && deadlinePassed(deployment, oldProgressing, now)) {
            progressing = condition(
                    "Progressing",
                    "False",
                    "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + rsName + "\" has timed out progressing.");
            LOG.info(
                    "Sandbox (simulation): {}/{} exceeded its progress deadline",
                    deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName());
        } else {
            progressing = oldProgressing;
        }

        List<DeploymentCondition> conditions = new ArrayList<>();
        conditions.add(stamp(availableCondition, find(previous, "Available"), timestamp, false));
        if (progressing != null) {
            conditions.add(stamp(progressing, oldProgressing, timestamp, progressReason != null));
        }

        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(total)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(available)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, total - available) == 0 ? null : Math.max(0, total - available))
                .withConditions(conditions)
                .build();
        if (!status.equals(deployment.getStatus())) {
            client.apps()
                    .deployments()
                    .inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName())
                    .editStatus(d -> new DeploymentBuilder(d).withStatus(status).build());
        }
    }

    private static boolean deadlinePassed(Deployment deployment, DeploymentCondition progressing, Instant now) {
        int seconds = Optional.ofNullable(deployment.getSpec().getProgressDeadlineSeconds())
                .orElse(DEFAULT_PROGRESS_DEADLINE_SECONDS);
        Instant since = progressing.getLastUpdateTime() == null ? now : Instant.parse(progressing.getLastUpdateTime());
        return now.isAfter(since.plusSeconds(seconds));
    }

    /**
     * Keeps a condition's timestamps unless it changed; {@code progressed} renews lastUpdateTime, which is what the
     * progress deadline is measured from.
     */
    private static DeploymentCondition stamp(
            DeploymentCondition next, DeploymentCondition previous, String now, boolean progressed) {
        boolean sameStatus = previous != null && Objects.equals(previous.getStatus(), next.getStatus());
        boolean sameReason = previous != null && Objects.equals(previous.getReason(), next.getReason());
        return new DeploymentConditionBuilder(next)
                .withLastTransitionTime(sameStatus ? previous.getLastTransitionTime() : now)
                .withLastUpdateTime(sameStatus && sameReason && !progressed ? previous.getLastUpdateTime() : now)
                .build();
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    private static DeploymentCondition find(DeploymentStatus status, String type) {
        return status.getConditions() == null
                ? null
                : status.getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    private void deleteOrphan(ReplicaSet rs) {
        pods.deleteAll(rs);
        client.apps()
                .replicaSets()
                .inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName())
                .delete();
    }

    private static RollingUpdate.ReplicaSetState state(ReplicaSet rs, Map<String, PodSimulator.Observed> observed) {
        int replicas = replicas(rs);
        PodSimulator.Observed pods = observed.getOrDefault(rs.getMetadata().getName(), PodSimulator.Observed.NONE);
        return new RollingUpdate.ReplicaSetState(
                rs.getMetadata().getName(), revision(rs), replicas, Math.min(replicas, pods.ready()));
    }

    /**
     * The pod must fit the node, and every container's image must be known and start; one crash-looping container
     * keeps the pod unready.
     */
    boolean becomesReady(PodTemplateSpec template) {
        return SandboxNode.unschedulable(template).isEmpty()
                && containers(template).stream()
                        .allMatch(c -> catalogue
                                .find(c.getImage())
                                .map(e -> e.behaviour().becomesReady())
                                .orElse(false));
    }

    private Optional<CatalogueEntry> entry(PodTemplateSpec template) {
        List<Container> containers = containers(template);
        return containers.isEmpty()
                ? Optional.empty()
                : catalogue.find(containers.get(0).getImage());
    }

    private static List<Container> containers(PodTemplateSpec template) {
        return template == null
                        || template.getSpec() == null
                        || template.getSpec().getContainers() == null
                ? List.of()
                : template.getSpec().getContainers();
    }

    private static String images(PodTemplateSpec template) {
        return containers(template).stream().map(Container::getImage).collect(Collectors.joining(","));
    }

    private static String ownerDeployment(ReplicaSet rs) {
        List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
        return owners == null
                ? null
                : owners.stream()
                        .filter(o -> "Deployment".equals(o.getKind()))
                        .map(OwnerReference::getName)
                        .findFirst()
                        .orElse(null);
    }

    static int revision(ReplicaSet rs) {
        String value = annotations(rs.getMetadata()).get(REVISION);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int replicas(ReplicaSet rs) {
        return Optional.ofNullable(rs.getSpec().getReplicas()).orElse(0);
    }

    private static boolean sameName(ReplicaSet a, ReplicaSet b) {
        return a.getMetadata().getName().equals(b.getMetadata().getName());
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    private static Map<String, String> annotations(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? new HashMap<>() : meta.getAnnotations();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
