package dev.runway.validator;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult.Reading;
import dev.runway.validator.aws.TargetHealthSource.TargetHealth;
import dev.runway.validator.k8s.ClusterView.DeploymentState;
import dev.runway.validator.k8s.ClusterView.Endpoints;
import dev.runway.validator.k8s.ClusterView.NodeState;
import dev.runway.validator.k8s.ClusterView.PodState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges what was read from a cluster or a load balancer against its check: each a measured fact ("3 of 3 nodes
 * Ready") with its threshold, naming every node, pod or target that fails it. Pure: no I/O.
 */
public final class ClusterChecks {

    /** What kubectl shows for a pod that runs or has run to completion; the runbook's pre-flight lets only these by. */
    private static final Set<String> SETTLED = Set.of("Running", "Succeeded", "Completed");

    /** Targets leaving the group (a deregistered pod or instance): neither serving nor failing. */
    private static final String DRAINING = "draining";

    private ClusterChecks() {}

    /** Pre-flight: every node Ready ({@code kubectl get nodes}). */
    public static CheckResult nodesReady(Check check, List<NodeState> nodes) {
        List<NodeState> notReady = nodes.stream().filter(n -> !n.ready()).toList();
        int ready = nodes.size() - notReady.size();
        String counted = ready + " of " + nodes.size() + " nodes Ready";
        String explanation;
        if (nodes.isEmpty()) {
            explanation = "no nodes listed: nothing to run the release on";
        } else if (notReady.isEmpty()) {
            explanation = counted;
        } else {
            explanation = counted + "; not Ready: "
                    + notReady.stream()
                            .map(n -> n.name() + " (" + n.reason() + ")")
                            .collect(Collectors.joining(", "));
        }
        return result(
                check,
                !nodes.isEmpty() && notReady.isEmpty(),
                new Reading(null, ready + " of " + nodes.size(), "nodes Ready", "all Ready", explanation, false));
    }

    /** Pre-flight: {@code kubectl get pods | grep -v Running} shows nothing but completed pods. */
    public static CheckResult podsRunning(Check check, String namespace, List<PodState> pods) {
        List<PodState> unsettled =
                pods.stream().filter(p -> !SETTLED.contains(p.status())).toList();
        int settled = pods.size() - unsettled.size();
        String explanation = unsettled.isEmpty()
                ? settled + " of " + pods.size() + " pods in namespace " + namespace + " Running or Succeeded"
                : unsettled.size() + " of " + pods.size() + " pods in namespace " + namespace
                        + " outside Running/Succeeded: "
                        + unsettled.stream().map(ClusterChecks::describe).collect(Collectors.joining(", "));
        return result(
                check,
                unsettled.isEmpty(),
                new Reading(
                        null,
                        Integer.toString(unsettled.size()),
                        "pods",
                        "0 outside Running/Succeeded",
                        explanation,
                        false));
    }

    private static String describe(PodState pod) {
        return pod.name() + " (" + pod.status()
                + (pod.restarts() > 0 ? ", " + pod.restarts() + (pod.restarts() == 1 ? " restart" : " restarts") : "")
                + ")";
    }

    /**
     * Step 5.1: the Service routes to exactly the Deployment's ready pods. Fewer ready endpoints than ready replicas
     * leaves pods without traffic (or a selector that misses them); more means it sends traffic elsewhere too.
     */
    public static CheckResult serviceEndpoints(
            Check check, boolean serviceExists, Optional<DeploymentState> deployment, Endpoints endpoints) {
        String namespace = check.cluster().namespace();
        String service = check.cluster().service();
        if (!serviceExists) {
            return result(
                    check,
                    false,
                    new Reading(
                            null,
                            "none",
                            "",
                            "= ready replicas",
                            "Service " + service + " not found in namespace " + namespace,
                            false));
        }
        if (deployment.isEmpty()) {
            return result(
                    check,
                    false,
                    new Reading(
                            null,
                            Integer.toString(endpoints.ready().size()),
                            "",
                            "= ready replicas",
                            "Deployment " + check.cluster().deployment() + " not found in namespace " + namespace,
                            false));
        }
        DeploymentState d = deployment.get();
        int ready = endpoints.ready().size();
        String threshold = "= " + d.readyReplicas() + " ready replicas";
        String addresses = ready + " ready endpoint " + (ready == 1 ? "address" : "addresses") + " for Service "
                + service + " in " + endpoints.slices()
                + (endpoints.slices() == 1 ? " EndpointSlice" : " EndpointSlices")
                + (endpoints.notReady().isEmpty()
                        ? ""
                        : " (not ready: " + String.join(", ", endpoints.notReady()) + ")");
        String replicas = d.readyReplicas() + " of " + d.replicas() + " replicas of Deployment " + d.name() + " ready";
        boolean passed = ready == d.readyReplicas() && (d.readyReplicas() > 0 || d.replicas() == 0);
        String explanation;
        if (passed) {
            explanation = addresses + " = " + replicas;
        } else if (d.readyReplicas() == 0) {
            explanation = addresses + "; " + replicas + ": no ready pod to send traffic to";
        } else {
            explanation = addresses + (ready < d.readyReplicas() ? " < " : " > ") + replicas;
        }
        return result(check, passed, new Reading(null, Integer.toString(ready), "", threshold, explanation, false));
    }

    /**
     * Step 5.2: every target of the group is healthy. Draining targets (deregistered, the rollout's old pods) are left
     * out and counted in the explanation; a group with no other target fails.
     */
    public static CheckResult targetHealth(Check check, List<TargetHealth> targets) {
        String group = targetGroupName(check.cluster().targetGroupArn());
        List<TargetHealth> serving =
                targets.stream().filter(t -> !DRAINING.equals(t.state())).toList();
        List<TargetHealth> unhealthy =
                serving.stream().filter(t -> !"healthy".equals(t.state())).toList();
        int healthy = serving.size() - unhealthy.size();
        int draining = targets.size() - serving.size();
        String explanation = serving.isEmpty()
                ? "no targets registered in " + group
                : healthy + " of " + serving.size() + " targets healthy in " + group;
        if (!unhealthy.isEmpty()) {
            explanation += "; "
                    + unhealthy.stream()
                            .map(t -> t.target() + " " + t.state()
                                    + (t.reason() == null
                                            ? ""
                                            : " (" + t.reason()
                                                    + (t.description() == null ? "" : ": " + t.description())
                                                    + ")"))
                            .collect(Collectors.joining(", "));
        }
        if (draining > 0) {
            explanation += "; " + draining + " draining, left out";
        }
        return result(
                check,
                !serving.isEmpty() && unhealthy.isEmpty(),
                new Reading(null, healthy + " of " + serving.size(), "targets", "all healthy", explanation, false));
    }

    /** {@code arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>} is called {@code <name>}. */
    public static String targetGroupName(String arn) {
        int start = arn.indexOf(":targetgroup/");
        if (start < 0) {
            return arn;
        }
        String rest = arn.substring(start + ":targetgroup/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** Steps 3.5 and 9: the containers of the release's pods restarted 0 times in all. */
    public static CheckResult podRestarts(Check check, List<PodState> pods) {
        String deployment = check.cluster().deployment();
        int restarts = pods.stream().mapToInt(PodState::restarts).sum();
        List<PodState> restarted = pods.stream().filter(p -> p.restarts() > 0).toList();
        String explanation;
        if (pods.isEmpty()) {
            explanation = "no current pods of Deployment " + deployment + " in namespace "
                    + check.cluster().namespace();
        } else {
            explanation = restarts + (restarts == 1 ? " restart" : " restarts") + " across " + pods.size()
                    + (pods.size() == 1 ? " pod" : " pods") + " of Deployment " + deployment;
            if (!restarted.isEmpty()) {
                explanation += ": "
                        + restarted.stream()
                                .map(p -> p.name() + " restarted " + p.restarts()
                                        + (p.restarts() == 1 ? " time" : " times")
                                        + (p.lastRestartReason() == null
                                                ? ""
                                                : " (last " + p.lastRestartReason() + ")"))
                                .collect(Collectors.joining(", "));
            }
        }
        return result(
                check,
                !pods.isEmpty() && restarts == 0,
                new Reading(null, Integer.toString(restarts), "", "0", explanation, false));
    }

    /** Nothing could be read: the API did not answer, refused, or is not configured for the environment. */
    public static CheckResult unmeasured(Check check, String explanation) {
        return result(check, false, new Reading(null, "none", "", threshold(check), explanation, true));
    }

    private static String threshold(Check check) {
        return switch (check.kind()) {
            case NODES_READY -> "all Ready";
            case PODS_RUNNING -> "0 outside Running/Succeeded";
            case SERVICE_ENDPOINTS -> "= ready replicas";
            case TARGET_HEALTH -> "all healthy";
            case POD_RESTARTS -> "0";
            default -> throw new IllegalArgumentException(check.name() + " is not a check of the cluster");
        };
    }

    private static CheckResult result(Check check, boolean passed, Reading reading) {
        return new CheckResult(check, null, passed, null, passed ? null : reading.explanation(), reading);
    }
}
