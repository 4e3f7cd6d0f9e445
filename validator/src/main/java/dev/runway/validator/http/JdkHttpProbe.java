package dev.runway.validator.http;

import dev.runway.validator.Probe;
import dev.runway.validator.ProbeResponse;
import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs with the JDK client; each bounded by {@code runway.validator.request-timeout}. */
@ApplicationScoped
public class JdkHttpProbe implements Probe {

    private final HttpClient client;
    private final Duration timeout;

    public JdkHttpProbe(ValidatorConfig config) {
        this.timeout = config.requestTimeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ProbeResponse get(String url) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .GET()
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return ProbeResponse.answered(response.statusCode(), response.body(), since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResponse.noAnswer("interrupted", since(start));
        } catch (Exception e) {
            return ProbeResponse.noAnswer(describe(e), since(start));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }
}
