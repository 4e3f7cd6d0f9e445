package dev.runway.rollout;

import java.util.Map;
import java.util.Optional;

/**
 * What the new ReplicaSet's pods say about a rollout at one instant.
 *
 * @param verdict FINE when no pod is in trouble; TROUBLED when some are but no rule has made it certain yet
 * @param cause   the most severe cause among the pods ({@link PodCause#HEALTHY} when there are none)
 * @param summary for progress messages, e.g. {@code 1 of 3 new pods in CrashLoopBackOff (2 restarts)}; empty when
 *                FINE
 * @param failure the failure reason when FAILED, naming the cause, the pod and the container
 * @param seen    what to remember of each pod for the next assessment
 */
public record PodFinding(
        Verdict verdict,
        PodCause cause,
        String summary,
        Optional<String> failure,
        Map<String, PodClassifier.Seen> seen) {

    public enum Verdict {
        FINE,
        TROUBLED,
        FAILED
    }

    public PodFinding {
        seen = Map.copyOf(seen);
    }
}
