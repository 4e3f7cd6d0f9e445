package dev.runway.rollout;

/**
 * What the cluster says about a Deployment's rollout: the fields {@code kubectl rollout status}
 * reads.
 *
 * @param specReplicas             desired replicas
 * @param replicas                 pods of every revision
 * @param progressDeadlineExceeded the Progressing condition has reason {@code ProgressDeadlineExceeded}
 */
public record RolloutObservation(
        String deployment,
        long generation,
        long observedGeneration,
        int specReplicas,
        int replicas,
        int updatedReplicas,
        int availableReplicas,
        boolean progressDeadlineExceeded) {}
