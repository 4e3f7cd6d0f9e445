package dev.runway.rollout;

/**
 * The verdict of {@code kubectl rollout status} on one observation, with its exact wording so a
 * release lead reads what they would have read in a terminal.
 */
public record RolloutStatus(Outcome outcome, String message) {

    public enum Outcome {
        WAITING,
        COMPLETE,
        FAILED
    }

    /** The rules of kubectl's DeploymentStatusViewer, in its order. */
    public static RolloutStatus of(RolloutObservation o) {
        String name = o.deployment();
        if (o.generation() > o.observedGeneration()) {
            return new RolloutStatus(Outcome.WAITING, "Waiting for deployment spec update to be observed...");
        }
        if (o.progressDeadlineExceeded()) {
            return new RolloutStatus(
                    Outcome.FAILED, "deployment \"%s\" exceeded its progress deadline".formatted(name));
        }
        if (o.updatedReplicas() < o.specReplicas()) {
            return waiting(
                    name,
                    "%d out of %d new replicas have been updated...".formatted(o.updatedReplicas(), o.specReplicas()));
        }
        if (o.replicas() > o.updatedReplicas()) {
            return waiting(
                    name, "%d old replicas are pending termination...".formatted(o.replicas() - o.updatedReplicas()));
        }
        if (o.availableReplicas() < o.updatedReplicas()) {
            return waiting(
                    name,
                    "%d of %d updated replicas are available...".formatted(o.availableReplicas(), o.updatedReplicas()));
        }
        return new RolloutStatus(Outcome.COMPLETE, "deployment \"%s\" successfully rolled out".formatted(name));
    }

    private static RolloutStatus waiting(String name, String detail) {
        return new RolloutStatus(
                Outcome.WAITING, "Waiting for deployment \"%s\" rollout to finish: %s".formatted(name, detail));
    }
}
