package dev.runway.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION of users: sends {@code GET /api/v1/products} to every Deployment's application at a steady rate, over
 * HTTP on loopback like any client, so that its metrics have something to measure. Bounded: at most
 * {@link #MAX_IN_FLIGHT} requests wait for an answer at once; a request that would exceed it is skipped, not queued.
 */
final class TrafficGenerator implements AutoCloseable {

    static final String PATH = "/api/v1/products";
    static final int MAX_IN_FLIGHT = 256;
    private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String appUrl;
    private final Supplier<List<DeploymentKey>> deployments;
    private final int requestsPerSecond;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ScheduledExecutorService ticks;
    private final ExecutorService clientThreads;
    private final HttpClient http;

    /**
     * @param appUrl            {@code http://127.0.0.1:<port>}, the sandbox's own app server
     * @param requestsPerSecond per Deployment, positive
     */
    TrafficGenerator(String appUrl, Supplier<List<DeploymentKey>> deployments, int requestsPerSecond) {
        if (!URI.create(appUrl).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("synthetic traffic goes to loopback only, not " + appUrl);
        }
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be positive");
        }
        this.appUrl = appUrl;
        this.deployments = deployments;
        this.requestsPerSecond = requestsPerSecond;
        this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-traffic"));
        this.clientThreads = Executors.newFixedThreadPool(2, daemon("sandbox-traffic-client"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .executor(clientThreads)
                .build();
    }

    void start() {
        long period = TimeUnit.SECONDS.toNanos(1) / requestsPerSecond;
        ScheduledFuture<?> unused = ticks.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
        LOG.info(
                "Sandbox (simulation): synthetic traffic, {} requests/s to {} of every Deployment",
                requestsPerSecond,
                PATH);
    }

    private void tick() {
        try {
            for (DeploymentKey deployment : deployments.get()) {
                send(deployment);
            }
        } catch (RuntimeException e) {
            // A failing tick must not cancel the schedule; the next one tries again.
            LOG.warn("Sandbox (simulation): synthetic traffic tick failed: {}", e.toString());
        }
    }

    private void send(DeploymentKey deployment) {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        sent.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl + deployment.appPath() + PATH))
                .header("User-Agent", "runway-sandbox-traffic")
                .timeout(TIMEOUT)
                .GET()
                .build();
        CompletableFuture<?> unused = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> inFlight.release());
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(5, TimeUnit.SECONDS);
            // Let the requests under way get their answers while the server still runs, so none ends in an error.
            if (!inFlight.tryAcquire(MAX_IN_FLIGHT, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Sandbox (simulation): synthetic requests still unanswered after {}", TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientThreads.shutdownNow();
        LOG.info(
                "Sandbox (simulation): synthetic traffic stopped after {} requests ({} skipped, too many in flight)",
                sent.get(),
                skipped.get());
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
