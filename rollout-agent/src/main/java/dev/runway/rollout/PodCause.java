package dev.runway.rollout;

/**
 * What a pod of the new ReplicaSet says about the rollout, from least to most severe: when several pods (or
 * containers) say different things, the last in this order is the one named.
 */
public enum PodCause {
    /** Ready. */
    HEALTHY("Healthy", "healthy"),
    /** Not Ready yet, for no reason that is known to last: being scheduled, pulled or started, or not passing its probe yet. */
    PROGRESSING("Progressing", "progressing"),
    /** A container has restarted while this rollout was followed, or has just exited and is about to be restarted. */
    RESTARTING("Restarting", "restarting"),
    /** {@code Pending}, condition {@code PodScheduled=False} with reason {@code Unschedulable}: no node fits it. */
    UNSCHEDULABLE("Unschedulable", "Unschedulable"),
    /** A container waits in {@code ImagePullBackOff} or {@code ErrImagePull}: the node cannot get its image. */
    IMAGE_PULL_BACK_OFF("ImagePullBackOff", "in ImagePullBackOff"),
    /** A container waits in {@code CrashLoopBackOff}: it keeps exiting and the kubelet backs off restarting it. */
    CRASH_LOOP_BACK_OFF("CrashLoopBackOff", "in CrashLoopBackOff"),
    /**
     * A crash loop whose container was last killed for exceeding its memory limit (last state terminated, reason
     * {@code OOMKilled}, usually exit code 137), or a container terminated that way just now.
     */
    OOM_KILLED("OOMKilled", "OOMKilled");

    private final String label;
    private final String phrase;

    PodCause(String label, String phrase) {
        this.label = label;
        this.phrase = phrase;
    }

    /** The name Kubernetes gives it (kubectl's STATUS column), e.g. {@code CrashLoopBackOff}. */
    public String label() {
        return label;
    }

    /** As it follows "new pods are" or "1 of 3 new pods", e.g. {@code in CrashLoopBackOff}. */
    public String phrase() {
        return phrase;
    }

    public boolean isTrouble() {
        return switch (this) {
            case HEALTHY, PROGRESSING -> false;
            case RESTARTING, UNSCHEDULABLE, IMAGE_PULL_BACK_OFF, CRASH_LOOP_BACK_OFF, OOM_KILLED -> true;
        };
    }
}
