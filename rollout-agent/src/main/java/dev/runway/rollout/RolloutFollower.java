package dev.runway.rollout;

import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.rollout.config.RolloutAgentConfig;
import dev.runway.rollout.k8s.ClusterClient;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a rollout like {@code kubectl rollout status --timeout}: reads the Deployment until the
 * verdict is final or time is up, and reports each new message as progress. On every read it also
 * reads the pods of the ReplicaSet being rolled out to, so pods that cannot start fail the rollout
 * as soon as {@link PodClassifier} is certain, not at the progress deadline, and say why.
 */
@ApplicationScoped
public class RolloutFollower {

    /** The measurement that names what the new pods are in, e.g. {@code CrashLoopBackOff}. */
    public static final String POD_FAILURE = "podFailure";

    private final ClusterClient cluster;
    private final Clock clock;
    private final Duration pollInterval;
    private final PodClassifier pods;

    @Inject
    public RolloutFollower(ClusterClient cluster, Clock clock, RolloutAgentConfig config) {
        this(
                cluster,
                clock,
                config.rollout().pollInterval(),
                new PodClassifier(
                        config.rollout().pods().maxRestarts(),
                        config.rollout().pods().failureAfter()));
    }

    RolloutFollower(ClusterClient cluster, Clock clock, Duration pollInterval, PodClassifier pods) {
        this.cluster = cluster;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.pods = pods;
    }

    /**
     * @param took         from the start of following to the verdict
     * @param measurements what the verdict rests on beyond the message: {@value #POD_FAILURE} when pods were in
     *                     trouble
     */
    public record Result(boolean complete, String message, Duration took, List<Measurement> measurements) {

        public Result {
            measurements = List.copyOf(measurements);
        }
    }

    public Result follow(String namespace, String deployment, Duration timeout, StepReporter reporter) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        String lastMessage = null;
        Map<String, PodClassifier.Seen> seen = Map.of();
        while (true) {
            Optional<RolloutObservation> observation = cluster.observe(namespace, deployment);
            if (observation.isEmpty()) {
                return new Result(
                        false,
                        "deployment \"%s\" not found in namespace %s".formatted(deployment, namespace),
                        Duration.between(start, clock.instant()),
                        List.of());
            }
            RolloutStatus status = RolloutStatus.of(observation.get());
            if (status.outcome() == RolloutStatus.Outcome.COMPLETE) {
                return new Result(true, status.message(), Duration.between(start, clock.instant()), List.of());
            }
            PodFinding finding = pods.assess(cluster.newPods(namespace, deployment), seen, clock.instant());
            seen = finding.seen();
            if (finding.failure().isPresent()) {
                return new Result(
                        false,
                        finding.failure().get(),
                        Duration.between(start, clock.instant()),
                        podFailure(finding, Measurement.Status.FAILED));
            }
            String message =
                    finding.summary().isEmpty() ? status.message() : status.message() + "; " + finding.summary();
            if (status.outcome() == RolloutStatus.Outcome.FAILED) {
                return new Result(
                        false,
                        message,
                        Duration.between(start, clock.instant()),
                        podFailure(finding, Measurement.Status.FAILED));
            }
            if (!message.equals(lastMessage)) {
                List<Measurement> measurements = new ArrayList<>(measurements(observation.get()));
                measurements.addAll(podFailure(finding, Measurement.Status.INCONCLUSIVE));
                reporter.report(new StepProgressed(message, measurements));
                lastMessage = message;
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Result(
                        false,
                        "rollout of deployment \"%s\" timed out after %ds: %s"
                                .formatted(deployment, timeout.toSeconds(), message),
                        Duration.between(start, clock.instant()),
                        podFailure(finding, Measurement.Status.FAILED));
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(
                        false,
                        "stopped while following the rollout of deployment \"%s\"".formatted(deployment),
                        Duration.between(start, clock.instant()),
                        List.of());
            }
        }
    }

    /** Pods in trouble are named as failed when the rollout fails, as not yet decided while it goes on. */
    private List<Measurement> podFailure(PodFinding finding, Measurement.Status status) {
        if (finding.verdict() == PodFinding.Verdict.FINE) {
            return List.of();
        }
        return List.of(new Measurement(POD_FAILURE, finding.cause().label(), "pod", status, clock.instant()));
    }

    private List<Measurement> measurements(RolloutObservation o) {
        Instant at = clock.instant();
        return List.of(
                replicas("desiredReplicas", o.specReplicas(), at),
                replicas("updatedReplicas", o.updatedReplicas(), at),
                replicas("availableReplicas", o.availableReplicas(), at),
                replicas("totalReplicas", o.replicas(), at));
    }

    private static Measurement replicas(String name, int value, Instant at) {
        return new Measurement(name, Integer.toString(value), "replicas", Measurement.Status.SUCCESSFUL, at);
    }
}
