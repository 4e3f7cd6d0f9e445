package dev.runway.rollout.registry;

import dev.runway.model.spec.ImageSpec;
import dev.runway.rollout.ImageRegistry;
import dev.runway.rollout.config.RolloutAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link ImageRegistry} on the OCI Distribution API: {@code HEAD /v2/<name>/manifests/<digest>} answers 200 with the
 * manifest digest in {@code Docker-Content-Digest} when the repository holds that manifest, without pulling the image.
 */
@ApplicationScoped
public class OciImageRegistry implements ImageRegistry {

    private static final Logger LOG = Logger.getLogger(OciImageRegistry.class);
    private static final String MANIFEST_TYPES = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public OciImageRegistry(RolloutAgentConfig config) {
        this.baseUrl = config.registry().url().replaceAll("/+$", "");
        this.timeout = config.registry().timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Optional<String> digestOf(ImageSpec image) {
        URI uri = URI.create(
                "%s/v2/%s/manifests/%s".formatted(baseUrl, repositoryName(image.repository()), image.digest()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES)
                .timeout(timeout)
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                LOG.infof("Registry answered %d for %s", response.statusCode(), image.reference());
                return Optional.empty();
            }
            return response.headers().firstValue("Docker-Content-Digest");
        } catch (IOException e) {
            LOG.warnf("Registry unreachable for %s: %s", image.reference(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code registry.example.com:5000/team/shop} names {@code team/shop}; Docker Hub style names have no host. */
    static String repositoryName(String repository) {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return repository;
        }
        String first = repository.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? repository.substring(slash + 1) : repository;
    }
}
