package dev.runway.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PodClassifierTest {

    private static final String IMAGE = "registry.example.com/shop:1.6.0";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final PodClassifier classifier = new PodClassifier(2, Duration.ofSeconds(10));

    // ---- one pod on its own ----

    @Test
    void aReadyPodIsHealthy() {
        PodState state = PodClassifier.classify(pod("shop-7c9f-abcde", true, running("shop", 0)));

        assertThat(state.cause()).isEqualTo(PodCause.HEALTHY);
        assertThat(state.image()).isEqualTo(IMAGE);
    }

    @Test
    void aPodWhoseContainerIsBeingCreatedIsProgressing() {
        PodState state = PodClassifier.classify(pod("shop-7c9f-abcde", false, waiting("shop", "ContainerCreating", 0)));

        assertThat(state.cause()).isEqualTo(PodCause.PROGRESSING);
    }

    @Test
    void aRunningPodThatIsNotReadyYetIsProgressing() {
        assertThat(PodClassifier.classify(pod("shop-7c9f-abcde", false, running("shop", 0)))
                        .cause())
                .isEqualTo(PodCause.PROGRESSING);
    }

    @Test
    void aPodWithoutStatusIsProgressing() {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("shop-7c9f-abcde")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("shop")
                .withImage(IMAGE)
                .endContainer()
                .endSpec()
                .build();

        PodState state = PodClassifier.classify(pod);

        assertThat(state.cause()).isEqualTo(PodCause.PROGRESSING);
        assertThat(state.image()).isEqualTo(IMAGE);
    }

    @Test
    void aContainerWaitingInCrashLoopBackOffIsACrashLoopWithItsLastExitCode() {
        PodState state = PodClassifier.classify(pod("shop-7c9f-abcde", false, crashLoop("shop", 3, "Error", 1)));

        assertThat(state.cause()).isEqualTo(PodCause.CRASH_LOOP_BACK_OFF);
        assertThat(state.container()).isEqualTo("shop");
        assertThat(state.restarts()).isEqualTo(3);
        assertThat(state.lastExitCode()).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void aCrashLoopWhoseLastTerminationWasOomKilledIsOomKilled() {
        PodState state = PodClassifier.classify(pod("shop-7c9f-abcde", false, crashLoop("shop", 1, "OOMKilled", 137)));

        assertThat(state.cause()).isEqualTo(PodCause.OOM_KILLED);
        assertThat(state.lastExitCode()).isEqualTo(OptionalInt.of(137));
    }

    @Test
    void aContainerTerminatedJustNowForItsMemoryIsOomKilled() {
        ContainerStatus killed = new ContainerStatusBuilder()
                .withName("shop")
                .withRestartCount(0)
                .withNewState()
                .withNewTerminated()
                .withReason("OOMKilled")
                .withExitCode(137)
                .endTerminated()
                .endState()
                .build();

        assertThat(PodClassifier.classify(pod("shop-7c9f-abcde", false, killed)).cause())
                .isEqualTo(PodCause.OOM_KILLED);
    }

    @Test
    void aContainerThatHasJustExitedWithAnErrorIsRestarting() {
        ContainerStatus exited = new ContainerStatusBuilder()
                .withName("shop")
                .withRestartCount(1)
                .withNewState()
                .withNewTerminated()
                .withReason("Error")
                .withExitCode(2)
                .endTerminated()
                .endState()
                .build();

        PodState state = PodClassifier.classify(pod("shop-7c9f-abcde", false, exited));

        assertThat(state.cause()).isEqualTo(PodCause.RESTARTING);
        assertThat(state.lastExitCode()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void imagePullBackOffAndErrImagePullAreBothAnImageThatCannotBePulled() {
        assertThat(PodClassifier.classify(pod("a", false, waiting("shop", "ImagePullBackOff", 0)))
                        .cause())
                .isEqualTo(PodCause.IMAGE_PULL_BACK_OFF);
        PodState errImagePull = PodClassifier.classify(pod("b", false, waiting("shop", "ErrImagePull", 0)));
        assertThat(errImagePull.cause()).isEqualTo(PodCause.IMAGE_PULL_BACK_OFF);
        assertThat(errImagePull.detail()).isEqualTo("ErrImagePull: the kubelet says so");
    }

    @Test
    void aPendingPodNoNodeFitsIsUnschedulableAndSaysWhichResourcesAreShort() {
        Pod pending = new PodBuilder(pod("shop-7c9f-abcde", false))
                .editStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                .endCondition()
                .endStatus()
                .build();

        PodState state = PodClassifier.classify(pending);

        assertThat(state.cause()).isEqualTo(PodCause.UNSCHEDULABLE);
        assertThat(state.detail()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(state.image()).isEqualTo(IMAGE);
    }

    @Test
    void theWorstContainerOfAPodIsTheOneNamed() {
        PodState state = PodClassifier.classify(
                pod("shop-7c9f-abcde", false, running("proxy", 0), crashLoop("shop", 2, "Error", 1)));

        assertThat(state.cause()).isEqualTo(PodCause.CRASH_LOOP_BACK_OFF);
        assertThat(state.container()).isEqualTo("shop");
    }

    @Test
    void anInitContainerThatCompletedIsNoTrouble() {
        ContainerStatus completed = new ContainerStatusBuilder()
                .withName("migrate")
                .withRestartCount(0)
                .withNewState()
                .withNewTerminated()
                .withReason("Completed")
                .withExitCode(0)
                .endTerminated()
                .endState()
                .build();
        Pod pod = new PodBuilder(pod("shop-7c9f-abcde", true, running("shop", 0)))
                .editStatus()
                .withInitContainerStatuses(completed)
                .endStatus()
                .build();

        assertThat(PodClassifier.classify(pod).cause()).isEqualTo(PodCause.HEALTHY);
    }

    // ---- the new ReplicaSet's pods over time ----

    @Test
    void healthyAndProgressingPodsAreFineAndAddNothingToTheProgressMessage() {
        PodFinding finding = classifier.assess(
                List.of(
                        state("a", true, running("shop", 0)),
                        state("b", false, waiting("shop", "ContainerCreating", 0))),
                Map.of(),
                T0);

        assertThat(finding.verdict()).isEqualTo(PodFinding.Verdict.FINE);
        assertThat(finding.summary()).isEmpty();
        assertThat(finding.failure()).isEmpty();
    }

    @Test
    void noPodsYetIsFine() {
        assertThat(classifier.assess(List.of(), Map.of(), T0).verdict()).isEqualTo(PodFinding.Verdict.FINE);
    }

    @Test
    void aCrashLoopFailsOnceItHasRestartedMaxRestartsTimesSinceFirstSeen() {
        PodFinding first = classifier.assess(
                List.of(state("shop-7c9f-abcde", false, crashLoop("shop", 0, "Error", 1))), Map.of(), T0);
        assertThat(first.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
        assertThat(first.summary()).isEqualTo("1 of 1 new pods in CrashLoopBackOff (0 restarts)");

        PodFinding once = classifier.assess(
                List.of(state("shop-7c9f-abcde", false, crashLoop("shop", 1, "Error", 1))),
                first.seen(),
                T0.plusSeconds(2));
        assertThat(once.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);

        PodFinding twice = classifier.assess(
                List.of(state("shop-7c9f-abcde", false, crashLoop("shop", 2, "Error", 1))),
                once.seen(),
                T0.plusSeconds(4));
        assertThat(twice.verdict()).isEqualTo(PodFinding.Verdict.FAILED);
        assertThat(twice.cause()).isEqualTo(PodCause.CRASH_LOOP_BACK_OFF);
        assertThat(twice.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are in CrashLoopBackOff: "
                        + "pod shop-7c9f-abcde restarted 2 times (container shop, last exit code 1)");
    }

    @Test
    void aCrashLoopFailsAfterFailureAfterInThatStateEvenWithoutRestarts() {
        List<PodState> looping = List.of(state("shop-7c9f-abcde", false, crashLoop("shop", 0, "Error", 1)));
        PodFinding first = classifier.assess(looping, Map.of(), T0);

        PodFinding almost = classifier.assess(looping, first.seen(), T0.plusMillis(9_999));
        assertThat(almost.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);

        PodFinding then = classifier.assess(looping, almost.seen(), T0.plusSeconds(10));
        assertThat(then.verdict()).isEqualTo(PodFinding.Verdict.FAILED);
        assertThat(then.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are in CrashLoopBackOff: "
                        + "pod shop-7c9f-abcde restarted 0 times (container shop, last exit code 1)");
    }

    @Test
    void restartsFromBeforeThePodWasFirstSeenDoNotCount() {
        PodFinding first = classifier.assess(
                List.of(state("shop-7c9f-abcde", false, crashLoop("shop", 7, "Error", 1))), Map.of(), T0);

        assertThat(first.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
        assertThat(first.summary()).isEqualTo("1 of 1 new pods in CrashLoopBackOff (7 restarts)");
    }

    @Test
    void anOomKilledCrashLoopFailsLikeOneAndIsNamedOomKilled() {
        List<PodState> killed = List.of(state("shop-55d8-qwxyz", false, crashLoop("shop", 1, "OOMKilled", 137)));
        PodFinding first = classifier.assess(killed, Map.of(), T0);
        assertThat(first.summary()).isEqualTo("1 of 1 new pods OOMKilled (1 restart)");

        PodFinding then = classifier.assess(killed, first.seen(), T0.plusSeconds(10));

        assertThat(then.verdict()).isEqualTo(PodFinding.Verdict.FAILED);
        assertThat(then.cause()).isEqualTo(PodCause.OOM_KILLED);
        assertThat(then.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are OOMKilled: "
                        + "pod shop-55d8-qwxyz restarted 1 time (container shop, last exit code 137)");
    }

    @Test
    void anImageThatCannotBePulledFailsAfterFailureAfterAndQuotesTheKubelet() {
        List<PodState> pulling = List.of(state("shop-7c9f-abcde", false, waiting("shop", "ImagePullBackOff", 0)));
        PodFinding first = classifier.assess(pulling, Map.of(), T0);
        assertThat(first.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
        assertThat(first.summary()).isEqualTo("1 of 1 new pods in ImagePullBackOff");

        PodFinding then = classifier.assess(pulling, first.seen(), T0.plusSeconds(12));

        assertThat(then.verdict()).isEqualTo(PodFinding.Verdict.FAILED);
        assertThat(then.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are in ImagePullBackOff: "
                        + "pod shop-7c9f-abcde has not pulled its image for 12s "
                        + "(container shop: ImagePullBackOff: the kubelet says so)");
    }

    @Test
    void anUnschedulablePodFailsAfterFailureAfterNamingTheResources() {
        PodState pending = new PodState(
                "shop-7c9f-abcde",
                PodCause.UNSCHEDULABLE,
                "",
                IMAGE,
                0,
                0,
                OptionalInt.empty(),
                "0/3 nodes are available: 3 Insufficient memory.");
        PodFinding first = classifier.assess(List.of(pending), Map.of(), T0);
        assertThat(first.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
        assertThat(first.summary()).isEqualTo("1 of 1 new pods Unschedulable");

        PodFinding then = classifier.assess(List.of(pending), first.seen(), T0.plusSeconds(10));

        assertThat(then.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are Unschedulable: "
                        + "pod shop-7c9f-abcde has not been scheduled for 10s "
                        + "(0/3 nodes are available: 3 Insufficient memory.)");
    }

    @Test
    void aRunningPodWhoseRestartCountRisesIsRestartingAndFailsOnlyByRestarts() {
        PodFinding first = classifier.assess(List.of(state("a", true, running("shop", 0))), Map.of(), T0);
        assertThat(first.verdict()).isEqualTo(PodFinding.Verdict.FINE);

        PodFinding once =
                classifier.assess(List.of(state("a", true, running("shop", 1))), first.seen(), T0.plusSeconds(5));
        assertThat(once.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
        assertThat(once.cause()).isEqualTo(PodCause.RESTARTING);
        assertThat(once.summary()).isEqualTo("1 of 1 new pods restarting (1 restart)");

        PodFinding later =
                classifier.assess(List.of(state("a", true, running("shop", 1))), once.seen(), T0.plusSeconds(600));
        assertThat(later.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);

        PodFinding twice =
                classifier.assess(List.of(state("a", true, running("shop", 2))), later.seen(), T0.plusSeconds(601));
        assertThat(twice.verdict()).isEqualTo(PodFinding.Verdict.FAILED);
        assertThat(twice.failure())
                .hasValue("new pods of registry.example.com/shop:1.6.0 are restarting: "
                        + "pod a restarted 2 times (container shop)");
    }

    @Test
    void thePodThatRecoversInBetweenStartsItsTroubleAfresh() {
        PodState looping = state("a", false, crashLoop("shop", 0, "Error", 1));
        PodFinding first = classifier.assess(List.of(looping), Map.of(), T0);
        PodFinding recovered = classifier.assess(
                List.of(state("a", false, waiting("shop", "ContainerCreating", 0))), first.seen(), T0.plusSeconds(8));
        assertThat(recovered.verdict()).isEqualTo(PodFinding.Verdict.FINE);

        PodFinding again = classifier.assess(List.of(looping), recovered.seen(), T0.plusSeconds(12));

        assertThat(again.verdict()).isEqualTo(PodFinding.Verdict.TROUBLED);
    }

    @Test
    void theSummaryCountsEachCauseMostSevereFirstAndTheFailureNamesTheMostSevereCertainOne() {
        List<PodState> pods = List.of(
                state("a", true, running("shop", 0)),
                state("b", false, waiting("shop", "ImagePullBackOff", 0)),
                state("c", false, crashLoop("shop", 0, "Error", 1)));
        PodFinding first = classifier.assess(pods, Map.of(), T0);
        assertThat(first.summary())
                .isEqualTo("1 of 3 new pods in CrashLoopBackOff (0 restarts), 1 of 3 new pods in ImagePullBackOff");

        PodFinding then = classifier.assess(pods, first.seen(), T0.plusSeconds(10));

        assertThat(then.cause()).isEqualTo(PodCause.CRASH_LOOP_BACK_OFF);
        assertThat(then.failure())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("new pods of registry.example.com/shop:1.6.0 are in CrashLoopBackOff: pod c "));
    }

    @Test
    void podsThatAreGoneAreForgotten() {
        PodFinding first =
                classifier.assess(List.of(state("a", false, crashLoop("shop", 0, "Error", 1))), Map.of(), T0);

        PodFinding next = classifier.assess(List.of(), first.seen(), T0.plusSeconds(1));

        assertThat(next.seen()).isEmpty();
    }

    @Test
    void maxRestartsMustBeAtLeastOne() {
        assertThatThrownBy(() -> new PodClassifier(0, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- fabric8 model objects as the API server returns them ----

    private static PodState state(String name, boolean ready, ContainerStatus... containers) {
        return PodClassifier.classify(pod(name, ready, containers));
    }

    private static Pod pod(String name, boolean ready, ContainerStatus... containers) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-template-hash", "7c9f")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("shop")
                .withImage(IMAGE)
                .endContainer()
                .addNewContainer()
                .withName("proxy")
                .withImage("registry.example.com/proxy:2.0")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .withContainerStatuses(containers)
                .endStatus();
        return pod.build();
    }

    private static ContainerStatus running(String container, int restarts) {
        return new ContainerStatusBuilder()
                .withName(container)
                .withImage(IMAGE)
                .withRestartCount(restarts)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-03-01T09:59:00Z")
                .endRunning()
                .endState()
                .build();
    }

    private static ContainerStatus waiting(String container, String reason, int restarts) {
        return new ContainerStatusBuilder()
                .withName(container)
                .withImage(IMAGE)
                .withRestartCount(restarts)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(reason + ": the kubelet says so")
                .endWaiting()
                .endState()
                .build();
    }

    private static ContainerStatus crashLoop(String container, int restarts, String lastReason, int lastExitCode) {
        return new ContainerStatusBuilder(waiting(container, "CrashLoopBackOff", restarts))
                .withNewLastState()
                .withNewTerminated()
                .withReason(lastReason)
                .withExitCode(lastExitCode)
                .endTerminated()
                .endLastState()
                .build();
    }
}
