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
import java.util.List;
import java.util.Optional;

/**
 * Follows a rollout like {@code kubectl rollout status --timeout}: reads the Deployment until the
 * verdict is final or time is up, and reports each new message as progress.
 */
@ApplicationScoped
public class RolloutFollower {

    private final ClusterClient cluster;
    private final Clock clock;
    private final Duration pollInterval;

    @Inject
    public RolloutFollower(ClusterClient cluster, Clock clock, RolloutAgentConfig config) {
        this(cluster, clock, config.rollout().pollInterval());
    }

    RolloutFollower(ClusterClient cluster, Clock clock, Duration pollInterval) {
        this.cluster = cluster;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * @param took from the start of following to the verdict
     */
    public record Result(boolean complete, String message, Duration took) {}

    public Result follow(String namespace, String deployment, Duration timeout, StepReporter reporter) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        String lastMessage = null;
        while (true) {
            Optional<RolloutObservation> observation = cluster.observe(namespace, deployment);
            if (observation.isEmpty()) {
                return new Result(
                        false,
                        "deployment \"%s\" not found in namespace %s".formatted(deployment, namespace),
                        Duration.between(start, clock.instant()));
            }
            RolloutStatus status = RolloutStatus.of(observation.get());
            if (status.outcome() == RolloutStatus.Outcome.COMPLETE) {
                return new Result(true, status.message(), Duration.between(start, clock.instant()));
            }
            if (status.outcome() == RolloutStatus.Outcome.FAILED) {
                return new Result(false, status.message(), Duration.between(start, clock.instant()));
            }
            if (!status.message().equals(lastMessage)) {
                reporter.report(new StepProgressed(status.message(), measurements(observation.get())));
                lastMessage = status.message();
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Result(
                        false,
                        "rollout of deployment \"%s\" timed out after %ds: %s"
                                .formatted(deployment, timeout.toSeconds(), status.message()),
                        Duration.between(start, clock.instant()));
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(
                        false,
                        "stopped while following the rollout of deployment \"%s\"".formatted(deployment),
                        Duration.between(start, clock.instant()));
            }
        }
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
