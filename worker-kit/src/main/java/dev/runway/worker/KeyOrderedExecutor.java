package dev.runway.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Runs tasks of one key one after another, in the order they were submitted, and tasks of different keys at the same
 * time on a bounded pool. A task that fails is retried with {@link Backoff} while the tasks behind it on its key wait,
 * so a key's order survives an outage; only a failure {@code permanent} accepts ends the task, and its key moves on.
 *
 * <p>{@link #room()} bounds how many tasks are queued or running, so that whoever submits can wait instead of taking
 * more work than it can hold.
 */
public final class KeyOrderedExecutor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyOrderedExecutor.class);
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final String name;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final int maxInFlight;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Predicate<Throwable> permanent;

    /** The last task of each key that has one queued or running; guarded by itself. */
    private final Map<String, CompletableFuture<Void>> lastOfKey = new HashMap<>();

    private final Queue<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private final Set<CompletableFuture<Void>> waitingToRetry = ConcurrentHashMap.newKeySet();
    private int inFlight;
    private volatile boolean closed;

    /**
     * @param name names the threads and the log lines, e.g. the topic
     * @param threads how many tasks run at once, across keys
     * @param maxInFlight how many tasks may be queued or running before {@link #room()} waits
     * @param permanent failures not worth retrying: the task ends with them
     */
    public KeyOrderedExecutor(
            String name,
            int threads,
            int maxInFlight,
            Backoff backoff,
            RandomGenerator random,
            Predicate<Throwable> permanent) {
        if (threads < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "threads and max in flight must be at least 1, were " + threads + " and " + maxInFlight);
        }
        this.name = name;
        this.workers = Executors.newFixedThreadPool(threads, named(name + "-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named(name + "-retry-"));
        this.maxInFlight = maxInFlight;
        this.backoff = backoff;
        this.random = random;
        this.permanent = permanent;
    }

    /**
     * Runs {@code task} once every task submitted before it with the same key has finished.
     *
     * @return completes when the task has run without failing, or exceptionally with its permanent failure (or, once
     *     the executor is closed, with whatever stopped it)
     */
    public CompletionStage<Void> submit(String key, Runnable task) {
        CompletableFuture<Void> done;
        synchronized (lastOfKey) {
            CompletableFuture<Void> previous = lastOfKey.getOrDefault(key, IDLE);
            // a task that ended with a permanent failure does not hold back the ones behind it
            done = previous.handle((ok, failure) -> null).thenCompose(ignored -> attempt(key, task, 1));
            lastOfKey.put(key, done);
            inFlight++;
        }
        done.whenComplete((ok, failure) -> finished(key, done));
        return done.minimalCompletionStage();
    }

    /** Completes once fewer than {@code maxInFlight} tasks are queued or running. */
    public CompletionStage<Void> room() {
        synchronized (lastOfKey) {
            if (inFlight < maxInFlight) {
                return IDLE.minimalCompletionStage();
            }
            CompletableFuture<Void> room = new CompletableFuture<>();
            waitingForRoom.add(room);
            return room.minimalCompletionStage();
        }
    }

    /** Stops running and retrying; tasks not finished by now end with the failure that stopped them. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
        IllegalStateException stopped = new IllegalStateException(name + " stopped before the retry");
        waitingToRetry.forEach(task -> task.completeExceptionally(stopped));
    }

    private CompletableFuture<Void> attempt(String key, Runnable task, int attempt) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    task.run();
                    result.complete(null);
                } catch (RuntimeException | Error e) {
                    if (closed || permanent.test(e)) {
                        result.completeExceptionally(e);
                    } else {
                        retryLater(key, task, attempt, e, result);
                    }
                }
            });
        } catch (RejectedExecutionException stopped) {
            result.completeExceptionally(stopped);
        }
        return result;
    }

    private void retryLater(
            String key, Runnable task, int failedAttempt, Throwable failure, CompletableFuture<Void> result) {
        Duration delay = backoff.delay(failedAttempt, random);
        // Only the types: a message can quote a payload or a connection string.
        LOG.warnf(
                "%s: attempt %d for key %s failed (%s); retrying in %d ms, later tasks of that key wait",
                name, failedAttempt, key, causes(failure), delay.toMillis());
        waitingToRetry.add(result);
        try {
            timer.schedule(
                    () -> {
                        waitingToRetry.remove(result);
                        attempt(key, task, failedAttempt + 1).whenComplete((ok, again) -> {
                            if (again == null) {
                                result.complete(null);
                            } else {
                                result.completeExceptionally(again);
                            }
                        });
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            result.completeExceptionally(failure);
        }
    }

    private void finished(String key, CompletableFuture<Void> done) {
        CompletableFuture<Void> room = null;
        synchronized (lastOfKey) {
            lastOfKey.remove(key, done);
            inFlight--;
            if (inFlight < maxInFlight) {
                room = waitingForRoom.poll();
            }
        }
        if (room != null) {
            room.complete(null);
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder types = new StringBuilder(failure.getClass().getName());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            types.append(" <- ").append(cause.getClass().getName());
        }
        return types.toString();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
