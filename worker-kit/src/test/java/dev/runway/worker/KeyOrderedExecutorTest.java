package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final KeyOrderedExecutor executor = new KeyOrderedExecutor(
            "test",
            4,
            3,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
            new Random(1),
            IllegalArgumentException.class::isInstance);

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseA = new CountDownLatch(1);

    @AfterEach
    void close() {
        releaseA.countDown();
        executor.close();
    }

    @Test
    void aTaskOfAnotherKeyFinishesWhileTheFirstKeysTaskIsBlocked() throws Exception {
        CompletableFuture<Void> a =
                executor.submit("A", blockedUntilReleased("A1")).toCompletableFuture();
        // B goes in only once A's task holds its thread, so that B cannot simply have run first
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("A1 started"));

        executor.submit("B", () -> ran.add("B1")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("A1 started", "B1");
        assertThat(a).isNotDone();
        releaseA.countDown();
        a.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tasksOfOneKeyRunOneAfterAnotherInTheOrderSubmitted() throws Exception {
        executor.submit("A", blockedUntilReleased("A1"));
        CompletableFuture<Void> second =
                executor.submit("A", () -> ran.add("A2")).toCompletableFuture();
        executor.submit("B", () -> ran.add("B1")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(ran).doesNotContain("A2");
        releaseA.countDown();
        second.get(5, TimeUnit.SECONDS);

        assertThat(ran).containsSubsequence("A1 started", "A1 done", "A2");
    }

    @Test
    void aFailingTaskIsRetriedWhileTheTasksBehindItOnItsKeyWait() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Void> flaky = executor.submit("A", () -> {
                    ran.add("A1 attempt " + attempts.incrementAndGet());
                    if (attempts.get() <= 2) {
                        throw new IllegalStateException("database unavailable");
                    }
                })
                .toCompletableFuture();
        CompletableFuture<Void> next = executor.submit("A", () -> ran.add("A2")).toCompletableFuture();

        next.get(5, TimeUnit.SECONDS);

        assertThat(flaky).isCompleted();
        assertThat(ran).containsExactly("A1 attempt 1", "A1 attempt 2", "A1 attempt 3", "A2");
    }

    @Test
    void aPermanentFailureEndsTheTaskWithoutRetryAndTheKeyMovesOn() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Void> refused = executor.submit("A", () -> {
                    attempts.incrementAndGet();
                    throw new IllegalArgumentException("unreadable");
                })
                .toCompletableFuture();
        executor.submit("A", () -> ran.add("A2")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(refused)
                .failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
        assertThat(ran).containsExactly("A2");
    }

    @Test
    void thereIsRoomForMoreOnlyWhileFewerThanTheMaximumAreUnfinished() throws Exception {
        executor.submit("A", blockedUntilReleased("A1"));
        executor.submit("A", () -> ran.add("A2"));
        executor.submit("B", () -> ran.add("B1")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(executor.room().toCompletableFuture()).isDone();

        executor.submit("C", blockedUntilReleased("C1"));
        CompletableFuture<Void> full = executor.room().toCompletableFuture();

        assertThat(full).isNotDone();
        releaseA.countDown();
        full.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closingStopsRetriesAndEndsTheUnfinishedTasks() {
        CompletableFuture<Void> failing = executor.submit("A", () -> {
                    throw new IllegalStateException("broker unavailable");
                })
                .toCompletableFuture();

        executor.close();

        assertThat(failing).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class);
        assertThat(executor.room().toCompletableFuture()).isDone();
    }

    private Runnable blockedUntilReleased(String name) {
        return () -> {
            ran.add(name + " started");
            try {
                if (!releaseA.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(name + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            ran.add(name + " done");
        };
    }
}
