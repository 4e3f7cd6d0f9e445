package dev.runway.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the new ReplicaSet's pods into a {@link PodFinding}, so a rollout whose pods cannot start fails as soon as
 * that is certain rather than at the progress deadline. Pure: what was seen before and the time come in as
 * arguments.
 *
 * <p>When it is certain, for the pod's cause:
 *
 * <ul>
 *   <li>{@code CrashLoopBackOff}, {@code OOMKilled}: restarted {@code maxRestarts} times since first seen, or in
 *       trouble for {@code failureAfter};
 *   <li>{@code ImagePullBackOff}, {@code Unschedulable}: in trouble for {@code failureAfter} (a registry or a
 *       cluster autoscaler may still come round before that);
 *   <li>restarting while running: restarted {@code maxRestarts} times since first seen (it does run in between, so
 *       time alone proves nothing).
 * </ul>
 *
 * Restarts are counted from the first sight of the pod, not from its creation, so pods that restarted long before
 * this rollout (those a rollback returns to) are not held to account for them.
 */
public final class PodClassifier {

    /** Waiting reasons of a container whose image the node cannot get. */
    private static final Set<String> PULL_FAILURES =
            Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

    /**
     * What is remembered of a pod between two assessments.
     *
     * @param restarts       restarts of all its containers when first seen
     * @param troubledSince  since when it has been in trouble without a break; empty when it is not
     */
    public record Seen(int restarts, Optional<Instant> troubledSince) {}

    private final int maxRestarts;
    private final Duration failureAfter;

    public PodClassifier(int maxRestarts, Duration failureAfter) {
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("maxRestarts must be at least 1, was " + maxRestarts);
        }
        if (failureAfter.isNegative()) {
            throw new IllegalArgumentException("failureAfter must not be negative, was " + failureAfter);
        }
        this.maxRestarts = maxRestarts;
        this.failureAfter = failureAfter;
    }

    /** What one pod shows on its own. */
    public static PodState classify(Pod pod) {
        String name = pod.getMetadata().getName();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerStatus> containers = Stream.concat(
                        orEmpty(status.getInitContainerStatuses()).stream(),
                        orEmpty(status.getContainerStatuses()).stream())
                .toList();
        int podRestarts = containers.stream().mapToInt(PodClassifier::restarts).sum();
        Optional<PodCondition> unschedulable = orEmpty(status.getConditions()).stream()
                .filter(c -> "PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst();
        if (unschedulable.isPresent()) {
            return new PodState(
                    name,
                    PodCause.UNSCHEDULABLE,
                    "",
                    firstImage(pod),
                    0,
                    podRestarts,
                    OptionalInt.empty(),
                    orEmpty(unschedulable.get().getMessage()));
        }
        Optional<PodState> worst = containers.stream()
                .map(c -> container(pod, c, podRestarts))
                .max(Comparator.comparing(PodState::cause).thenComparingInt(PodState::restarts));
        PodCause settled = ready(status) ? PodCause.HEALTHY : PodCause.PROGRESSING;
        return worst.filter(s -> s.cause().isTrouble())
                .orElseGet(() -> worst.map(s -> new PodState(
                                name,
                                settled,
                                s.container(),
                                s.image(),
                                s.restarts(),
                                podRestarts,
                                s.lastExitCode(),
                                s.detail()))
                        .orElse(new PodState(name, settled, "", firstImage(pod), 0, 0, OptionalInt.empty(), "")));
    }

    /**
     * Judges the pods against what was seen of them before.
     *
     * @param pods the new ReplicaSet's pods, oldest first
     * @param seen the previous finding's {@link PodFinding#seen()}, empty the first time
     */
    public PodFinding assess(List<PodState> pods, Map<String, Seen> seen, Instant now) {
        Map<String, Seen> remembered = new LinkedHashMap<>();
        Map<PodCause, List<PodState>> troubled = new EnumMap<>(PodCause.class);
        PodCause worst = PodCause.HEALTHY;
        Optional<String> failure = Optional.empty();
        PodCause failedCause = PodCause.HEALTHY;
        for (PodState pod : pods) {
            Seen before = seen.getOrDefault(pod.pod(), new Seen(pod.podRestarts(), Optional.empty()));
            int rise = pod.podRestarts() - before.restarts();
            PodCause cause = !pod.cause().isTrouble() && rise > 0 ? PodCause.RESTARTING : pod.cause();
            Optional<Instant> since =
                    cause.isTrouble() ? Optional.of(before.troubledSince().orElse(now)) : Optional.<Instant>empty();
            remembered.put(pod.pod(), new Seen(before.restarts(), since));
            if (cause.compareTo(worst) > 0) {
                worst = cause;
            }
            if (!cause.isTrouble()) {
                continue;
            }
            troubled.computeIfAbsent(cause, c -> new ArrayList<>()).add(pod);
            Duration troubledFor = Duration.between(since.orElse(now), now);
            if (certain(cause, rise, troubledFor) && cause.compareTo(failedCause) > 0) {
                failedCause = cause;
                failure = Optional.of(reason(pod, cause, troubledFor));
            }
        }
        if (failure.isPresent()) {
            return new PodFinding(
                    PodFinding.Verdict.FAILED, worst, summary(troubled, pods.size()), failure, remembered);
        }
        return new PodFinding(
                troubled.isEmpty() ? PodFinding.Verdict.FINE : PodFinding.Verdict.TROUBLED,
                worst,
                summary(troubled, pods.size()),
                Optional.empty(),
                remembered);
    }

    private boolean certain(PodCause cause, int rise, Duration troubledFor) {
        boolean restartedEnough = rise >= maxRestarts;
        boolean longEnough = troubledFor.compareTo(failureAfter) >= 0;
        return switch (cause) {
            case HEALTHY, PROGRESSING -> false;
            case RESTARTING -> restartedEnough;
            case UNSCHEDULABLE, IMAGE_PULL_BACK_OFF -> longEnough;
            case CRASH_LOOP_BACK_OFF, OOM_KILLED -> restartedEnough || longEnough;
        };
    }

    private static String reason(PodState pod, PodCause cause, Duration troubledFor) {
        // Only trouble causes get here; HEALTHY and PROGRESSING are listed because the switch must be exhaustive.
        String what = switch (cause) {
            case HEALTHY, PROGRESSING, RESTARTING, CRASH_LOOP_BACK_OFF, OOM_KILLED ->
                "pod %s restarted %s (container %s%s)"
                        .formatted(
                                pod.pod(),
                                times(pod.restarts()),
                                pod.container(),
                                pod.lastExitCode().isPresent()
                                        ? ", last exit code "
                                                + pod.lastExitCode().getAsInt()
                                        : "");
            case IMAGE_PULL_BACK_OFF ->
                "pod %s has not pulled its image for %ds (container %s%s)"
                        .formatted(
                                pod.pod(),
                                troubledFor.toSeconds(),
                                pod.container(),
                                pod.detail().isEmpty() ? "" : ": " + pod.detail());
            case UNSCHEDULABLE ->
                "pod %s has not been scheduled for %ds%s"
                        .formatted(
                                pod.pod(),
                                troubledFor.toSeconds(),
                                pod.detail().isEmpty() ? "" : " (" + pod.detail() + ")");
        };
        return "new pods of %s are %s: %s".formatted(pod.image(), cause.phrase(), what);
    }

    /** Most severe first, e.g. {@code 1 of 3 new pods in CrashLoopBackOff (2 restarts)}. */
    private static String summary(Map<PodCause, List<PodState>> troubled, int total) {
        List<String> parts = new ArrayList<>();
        List<PodCause> causes = new ArrayList<>(troubled.keySet());
        causes.sort(Comparator.reverseOrder());
        for (PodCause cause : causes) {
            List<PodState> pods = troubled.get(cause);
            String part = "%d of %d new pods %s".formatted(pods.size(), total, cause.phrase());
            if (countsRestarts(cause)) {
                int most = pods.stream().mapToInt(PodState::restarts).max().orElse(0);
                part += " (%s)".formatted(most == 1 ? "1 restart" : most + " restarts");
            }
            parts.add(part);
        }
        return String.join(", ", parts);
    }

    private static boolean countsRestarts(PodCause cause) {
        return switch (cause) {
            case HEALTHY, PROGRESSING, UNSCHEDULABLE, IMAGE_PULL_BACK_OFF -> false;
            case RESTARTING, CRASH_LOOP_BACK_OFF, OOM_KILLED -> true;
        };
    }

    private static PodState container(Pod pod, ContainerStatus status, int podRestarts) {
        ContainerState state = status.getState() == null ? new ContainerState() : status.getState();
        ContainerStateWaiting waiting = state.getWaiting();
        ContainerStateTerminated terminated = state.getTerminated();
        ContainerStateTerminated last =
                status.getLastState() == null ? null : status.getLastState().getTerminated();
        PodCause cause = PodCause.PROGRESSING;
        String detail = "";
        if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
            cause = PodCause.IMAGE_PULL_BACK_OFF;
            detail = orEmpty(waiting.getMessage());
        } else if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
            cause = last != null && "OOMKilled".equals(last.getReason())
                    ? PodCause.OOM_KILLED
                    : PodCause.CRASH_LOOP_BACK_OFF;
        } else if (terminated != null && "OOMKilled".equals(terminated.getReason())) {
            cause = PodCause.OOM_KILLED;
        } else if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
            cause = PodCause.RESTARTING;
        }
        ContainerStateTerminated exit = terminated != null ? terminated : last;
        return new PodState(
                pod.getMetadata().getName(),
                cause,
                status.getName(),
                image(pod, status),
                restarts(status),
                podRestarts,
                exit == null || exit.getExitCode() == null ? OptionalInt.empty() : OptionalInt.of(exit.getExitCode()),
                detail);
    }

    private static boolean ready(PodStatus status) {
        return orEmpty(status.getConditions()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** As written in the pod's spec: the kubelet may report a normalised form ({@code docker.io/library/...}). */
    private static String image(Pod pod, ContainerStatus status) {
        if (pod.getSpec() != null) {
            Optional<String> written = Stream.concat(
                            orEmpty(pod.getSpec().getInitContainers()).stream(),
                            orEmpty(pod.getSpec().getContainers()).stream())
                    .filter(c -> Objects.equals(c.getName(), status.getName()))
                    .map(Container::getImage)
                    .filter(Objects::nonNull)
                    .findFirst();
            if (written.isPresent()) {
                return written.get();
            }
        }
        return orEmpty(status.getImage());
    }

    private static String firstImage(Pod pod) {
        return pod.getSpec() == null || orEmpty(pod.getSpec().getContainers()).isEmpty()
                ? ""
                : orEmpty(pod.getSpec().getContainers().get(0).getImage());
    }

    private static int restarts(ContainerStatus status) {
        return status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    private static String times(int restarts) {
        return restarts == 1 ? "1 time" : restarts + " times";
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
