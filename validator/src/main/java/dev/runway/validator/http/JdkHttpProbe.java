package dev.runway.validator.http;

import dev.runway.validator.Probe;
import dev.runway.validator.ProbeRequest;
import dev.runway.validator.ProbeResponse;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.tls.EnvironmentTrust;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests with the JDK client, never following a redirect (HTTPS_REDIRECT judges the first answer); each bounded
 * by {@code runway.validator.request-timeout}. An https:// URL's certificate must validate, with its host name,
 * against the JDK's trust store and the environment's. Nothing here logs a request: its headers may hold a credential.
 */
@ApplicationScoped
public class JdkHttpProbe implements Probe {

    private final EnvironmentTrust trust;
    private final Duration timeout;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public JdkHttpProbe(ValidatorConfig config, EnvironmentTrust trust) {
        this.timeout = config.requestTimeout();
        this.trust = trust;
    }

    private HttpClient client(String environment) {
        return clients.computeIfAbsent(
                environment == null ? "" : environment,
                e -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .sslContext(trust.of(environment).sslContext())
                        .build());
    }

    @Override
    public ProbeResponse send(ProbeRequest probe, String environment) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(probe.url()))
                    .timeout(timeout)
                    .method(
                            probe.method(),
                            probe.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(probe.body()));
            probe.headers().forEach(builder::setHeader);
            HttpRequest request = builder.build();
            HttpResponse<String> response = client(environment).send(request, HttpResponse.BodyHandlers.ofString());
            return ProbeResponse.answered(
                    response.statusCode(), response.headers().map(), response.body(), since(start));
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
