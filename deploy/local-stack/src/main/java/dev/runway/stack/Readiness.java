package dev.runway.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for a service JVM to answer 200 on {@code /q/health/ready}, from its own listening socket; the local stack and
 * the bench both start them.
 */
public final class Readiness {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    /**
     * @param process the service's JVM: if it exits first, its log says why
     * @param poll    how long to wait between tries
     * @throws IllegalStateException when the JVM exits or is not ready {@code within}
     */
    public static void await(String name, Process process, String baseUrl, Path log, Duration within, Duration poll) {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " exited during start; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    if (Listener.ownedBy(process.pid(), port(baseUrl)).orElse(true)) {
                        return;
                    }
                    throw new IllegalStateException(name + " (pid " + process.pid() + ") is not ready, yet " + baseUrl
                            + " answered ready: another process listens on its port; see " + log);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                throw interrupted(name, e);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                throw interrupted(name, e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
    }

    private static int port(String baseUrl) {
        return URI.create(baseUrl).getPort();
    }

    private static IllegalStateException interrupted(String name, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted while waiting for " + name, e);
    }
}
