package dev.runway.validator.k8s;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one environment's Kubernetes cluster: what the cluster checks read, and nothing that writes. A
 * call may throw when the API cannot be read; {@code ClusterProbe} turns that into a reading without a value.
 */
public interface ClusterView {

    List<NodeState> nodes();

    /** Every pod of the namespace, as {@code kubectl get pods} lists them. */
    List<PodState> pods(String namespace);

    Optional<DeploymentState> deployment(String namespace, String name);

    /**
     * The pods of the Deployment's current ReplicaSet (the one carrying its revision), terminating pods left out; all
     * the pods its selector matches when no ReplicaSet carries the revision.
     */
    List<PodState> currentPods(String namespace, String deployment);

    boolean serviceExists(String namespace, String service);

    /** The endpoints of the Service's EndpointSlices ({@code kubernetes.io/service-name}), across its slices. */
    Endpoints endpoints(String namespace, String service);

    /**
     * @param name   the node's name
     * @param ready  its {@code Ready} condition is {@code True}
     * @param reason why not, from the condition's reason and message (e.g. {@code KubeletNotReady: PLEG is not
     *     healthy}); null when Ready
     */
    record NodeState(String name, boolean ready, String reason) {}

    /**
     * @param name              the pod's name
     * @param status            what kubectl's STATUS column shows: {@code Running}, {@code Completed},
     *     {@code CrashLoopBackOff}, {@code Pending}, {@code Init:Error}, {@code Terminating}...
     * @param restarts          its containers' {@code restartCount}, summed
     * @param lastRestartReason why a restarted container last ended (e.g. {@code OOMKilled}, {@code Error}); null when
     *     none restarted or it is not known
     */
    record PodState(String name, String status, int restarts, String lastRestartReason) {}

    /**
     * @param replicas      {@code spec.replicas}
     * @param readyReplicas {@code status.readyReplicas}
     */
    record DeploymentState(String name, int replicas, int readyReplicas) {}

    /**
     * Endpoints counted once each (by the pod they point at, or else their first address), so that the IPv4 and IPv6
     * slices of a dual-stack Service do not count a pod twice.
     *
     * @param slices   how many EndpointSlices the Service has
     * @param ready    the endpoints whose {@code conditions.ready} is true or unset (the API's "unknown, treat as
     *     ready")
     * @param notReady the others
     */
    record Endpoints(int slices, Set<String> ready, Set<String> notReady) {}
}
