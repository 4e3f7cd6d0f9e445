package dev.runway.validator.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link ClusterView} on the fabric8 client: lists and gets only. */
public final class Fabric8ClusterView implements ClusterView {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String SERVICE_NAME = "kubernetes.io/service-name";

    private final KubernetesClient client;

    public Fabric8ClusterView(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<NodeState> nodes() {
        return client.nodes().list().getItems().stream()
                .map(Fabric8ClusterView::node)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    private static NodeState node(Node node) {
        Optional<NodeCondition> ready = node.getStatus() == null
                ? Optional.empty()
                : node.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .findFirst();
        if (ready.isEmpty()) {
            return new NodeState(node.getMetadata().getName(), false, "no Ready condition");
        }
        NodeCondition condition = ready.get();
        if ("True".equals(condition.getStatus())) {
            return new NodeState(node.getMetadata().getName(), true, null);
        }
        String reason = "Ready=" + condition.getStatus()
                + (condition.getReason() == null ? "" : ", " + condition.getReason())
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
        return new NodeState(node.getMetadata().getName(), false, reason);
    }

    @Override
    public List<PodState> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .map(Fabric8ClusterView::pod)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    @Override
    public Optional<DeploymentState> deployment(String namespace, String name) {
        return Optional.ofNullable(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name)
                        .get())
                .map(d -> new DeploymentState(
                        name,
                        d.getSpec() == null || d.getSpec().getReplicas() == null
                                ? 1
                                : d.getSpec().getReplicas(),
                        d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                                ? 0
                                : d.getStatus().getReadyReplicas()));
    }

    @Override
    public List<PodState> currentPods(String namespace, String deployment) {
        Deployment d = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get();
        if (d == null
                || d.getSpec().getSelector() == null
                || d.getSpec().getSelector().getMatchLabels() == null) {
            return List.of();
        }
        Map<String, String> selector =
                new LinkedHashMap<>(d.getSpec().getSelector().getMatchLabels());
        String revision = annotation(d, REVISION);
        client.apps().replicaSets().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(rs -> ownedBy(rs, d))
                .filter(rs -> revision != null && revision.equals(annotation(rs, REVISION)))
                .map(rs -> rs.getMetadata().getLabels().get(POD_TEMPLATE_HASH))
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(hash -> selector.put(POD_TEMPLATE_HASH, hash));
        return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(Fabric8ClusterView::pod)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    private static boolean ownedBy(ReplicaSet rs, Deployment d) {
        return rs.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "Deployment".equals(o.getKind())
                        && d.getMetadata().getName().equals(o.getName()));
    }

    private static String annotation(HasMetadata object, String name) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    @Override
    public boolean serviceExists(String namespace, String service) {
        return client.services().inNamespace(namespace).withName(service).get() != null;
    }

    @Override
    public Endpoints endpoints(String namespace, String service) {
        List<EndpointSlice> slices = client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withLabel(SERVICE_NAME, service)
                .list()
                .getItems();
        Set<String> ready = new TreeSet<>();
        Set<String> notReady = new TreeSet<>();
        for (EndpointSlice slice : slices) {
            for (Endpoint endpoint : slice.getEndpoints()) {
                String key = endpointKey(endpoint);
                if (key == null) {
                    continue;
                }
                boolean isReady = endpoint.getConditions() == null
                        || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                (isReady ? ready : notReady).add(key);
            }
        }
        notReady.removeAll(ready);
        return new Endpoints(slices.size(), Collections.unmodifiableSet(ready), Collections.unmodifiableSet(notReady));
    }

    private static String endpointKey(Endpoint endpoint) {
        if (endpoint.getTargetRef() != null && endpoint.getTargetRef().getName() != null) {
            return endpoint.getTargetRef().getName();
        }
        return endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()
                ? null
                : endpoint.getAddresses().get(0);
    }

    private static PodState pod(Pod pod) {
        PodStatus status = pod.getStatus();
        List<ContainerStatus> containers =
                status == null || status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        int restarts = containers.stream()
                .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount())
                .sum();
        String lastRestartReason = containers.stream()
                .filter(c -> c.getRestartCount() != null && c.getRestartCount() > 0)
                .map(c -> c.getLastState() == null || c.getLastState().getTerminated() == null
                        ? null
                        : c.getLastState().getTerminated().getReason())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        return new PodState(pod.getMetadata().getName(), kubectlStatus(pod), restarts, lastRestartReason);
    }

    /**
     * What {@code kubectl get pods} shows in its STATUS column (its printPod, without the sidecar and readiness-gate
     * details): the phase, overridden by the pod's reason, a failing init container, then a waiting or terminated
     * container's reason, and {@code Terminating} once deletion began. A crash-looping pod's phase stays Running; its
     * status is {@code CrashLoopBackOff}.
     */
    static String kubectlStatus(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return "Unknown";
        }
        String shown = status.getPhase() == null ? "Unknown" : status.getPhase();
        if (status.getReason() != null && !status.getReason().isEmpty()) {
            shown = status.getReason();
        }
        String init = initStatus(status);
        if (init != null) {
            shown = init;
        } else {
            List<ContainerStatus> containers =
                    new ArrayList<>(status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses());
            Collections.reverse(containers);
            for (ContainerStatus c : containers) {
                if (c.getState() == null) {
                    continue;
                }
                if (c.getState().getWaiting() != null
                        && c.getState().getWaiting().getReason() != null
                        && !c.getState().getWaiting().getReason().isEmpty()) {
                    shown = c.getState().getWaiting().getReason();
                } else if (c.getState().getTerminated() != null) {
                    var terminated = c.getState().getTerminated();
                    if (terminated.getReason() != null
                            && !terminated.getReason().isEmpty()) {
                        shown = terminated.getReason();
                    } else if (terminated.getSignal() != null && terminated.getSignal() != 0) {
                        shown = "Signal:" + terminated.getSignal();
                    } else {
                        shown = "ExitCode:" + terminated.getExitCode();
                    }
                }
            }
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            shown = "Terminating";
        }
        return shown;
    }

    private static String initStatus(PodStatus status) {
        List<ContainerStatus> inits =
                status.getInitContainerStatuses() == null ? List.of() : status.getInitContainerStatuses();
        for (ContainerStatus c : inits) {
            if (c.getState() == null) {
                continue;
            }
            var terminated = c.getState().getTerminated();
            if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() == 0) {
                continue;
            }
            if (terminated != null) {
                return "Init:"
                        + (terminated.getReason() == null
                                ? "ExitCode:" + terminated.getExitCode()
                                : terminated.getReason());
            }
            var waiting = c.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && !"PodInitializing".equals(waiting.getReason())) {
                return "Init:" + waiting.getReason();
            }
            return "Init:" + inits.indexOf(c) + "/" + inits.size();
        }
        return null;
    }
}
