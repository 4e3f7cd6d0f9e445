package dev.runway.validator;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.RunChecks.ClusterTarget;
import dev.runway.validator.aws.TargetHealthSource;
import dev.runway.validator.aws.TargetHealthSources;
import dev.runway.validator.k8s.ClusterView;
import dev.runway.validator.k8s.ClusterViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;

/**
 * Measures the checks of the cluster and the load balancer through the command's environment's {@link ClusterView}
 * and {@link TargetHealthSource}. Never throws: an API that does not answer, refuses, or is not configured for the
 * environment is a reading without a value, which fails the check and says why.
 */
@ApplicationScoped
public class ClusterProbe {

    private final Function<String, Optional<ClusterView>> clusters;
    private final Function<String, TargetHealthSource> loadBalancers;

    @Inject
    public ClusterProbe(ClusterViews clusters, TargetHealthSources loadBalancers) {
        this(clusters::of, loadBalancers::of);
    }

    /**
     * @param clusters      by environment name; empty where the environment has no Kubernetes API configured
     * @param loadBalancers by environment name; every environment has one (the SDK's defaults where nothing is set)
     */
    public ClusterProbe(
            Function<String, Optional<ClusterView>> clusters, Function<String, TargetHealthSource> loadBalancers) {
        this.clusters = clusters;
        this.loadBalancers = loadBalancers;
    }

    public CheckResult measure(Check check, String environment) {
        if (environment == null) {
            return ClusterChecks.unmeasured(check, check.name() + " not measured: the command names no environment");
        }
        try {
            return switch (check.kind()) {
                case TARGET_HEALTH -> targets(check, environment);
                case NODES_READY, PODS_RUNNING, SERVICE_ENDPOINTS, POD_RESTARTS -> cluster(check, environment);
                default -> throw new IllegalArgumentException(check.name() + " is not a check of the cluster");
            };
        } catch (RuntimeException e) {
            String what = check.kind() == CheckKind.TARGET_HEALTH
                    ? "the load balancer of environment " + environment
                    : "the Kubernetes API of environment " + environment;
            return ClusterChecks.unmeasured(
                    check, check.name() + " not measured: " + what + " could not be read: " + describe(e));
        }
    }

    private CheckResult cluster(Check check, String environment) {
        Optional<ClusterView> view = clusters.apply(environment);
        if (view.isEmpty()) {
            return ClusterChecks.unmeasured(
                    check,
                    check.name() + " not measured: the validator has no Kubernetes API for environment " + environment
                            + " (runway.validator.environments.\"" + environment
                            + "\".cluster.master-url or .in-cluster)");
        }
        ClusterView v = view.get();
        ClusterTarget on = check.cluster();
        return switch (check.kind()) {
            case NODES_READY -> ClusterChecks.nodesReady(check, v.nodes());
            case PODS_RUNNING -> ClusterChecks.podsRunning(check, on.namespace(), v.pods(on.namespace()));
            case SERVICE_ENDPOINTS ->
                ClusterChecks.serviceEndpoints(
                        check,
                        v.serviceExists(on.namespace(), on.service()),
                        v.deployment(on.namespace(), on.deployment()),
                        v.endpoints(on.namespace(), on.service()));
            case POD_RESTARTS -> ClusterChecks.podRestarts(check, v.currentPods(on.namespace(), on.deployment()));
            default -> throw new IllegalArgumentException(check.name() + " is not read from Kubernetes");
        };
    }

    private CheckResult targets(Check check, String environment) {
        return ClusterChecks.targetHealth(
                check, loadBalancers.apply(environment).describe(check.cluster().targetGroupArn()));
    }

    /**
     * The exception and, where it wraps one, its root cause: fabric8 says which call failed, the cause why (connection
     * refused, a certificate not trusted, 403).
     */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? name(e) : name(e) + "; cause: " + name(root);
    }

    private static String name(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    /** Exception messages can run to a stack of causes or a response body; the first line says what happened. */
    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
