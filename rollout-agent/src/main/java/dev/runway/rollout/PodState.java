package dev.runway.rollout;

import java.util.OptionalInt;

/**
 * One pod as {@link PodClassifier#classify} read it: its cause and the container that shows it.
 *
 * @param cause        what this pod shows on its own; whether its restart count is rising only a history can tell
 * @param container    the container the cause comes from, or the one that restarted most; empty for a pod that is
 *                     not scheduled
 * @param image        that container's image, as written in the pod
 * @param restarts     that container's restart count
 * @param podRestarts  restarts of all the pod's containers together
 * @param lastExitCode the exit code of that container's current or last termination, if any
 * @param detail       what the kubelet or the scheduler said about it, e.g. {@code 0/3 nodes are available: 3
 *                     Insufficient cpu.}; empty when nothing
 */
public record PodState(
        String pod,
        PodCause cause,
        String container,
        String image,
        int restarts,
        int podRestarts,
        OptionalInt lastExitCode,
        String detail) {}
