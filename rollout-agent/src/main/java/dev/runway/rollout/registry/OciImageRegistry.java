package dev.runway.rollout.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.ImageSpec;
import dev.runway.rollout.ImageRegistry;
import dev.runway.rollout.config.RolloutAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link ImageRegistry} on the OCI Distribution API: {@code HEAD /v2/<name>/manifests/<digest>} answers 200 with the
 * manifest digest in {@code Docker-Content-Digest} when the repository holds that manifest, without pulling the image.
 * A registry that answers 401 with a {@code Bearer} challenge gets the spec's token flow: a token from the challenge's
 * realm (with the configured credentials, if any), then the same request with {@code Authorization: Bearer}.
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
    private final Optional<String> basicAuthorization;
    private final HttpClient http;

    @Inject
    public OciImageRegistry(RolloutAgentConfig config) {
        this(
                config.registry().url(),
                config.registry().timeout(),
                config.registry().username(),
                config.registry().password());
    }

    /** @param username with {@code password}, sent to the token service only; none asks for an anonymous token */
    public OciImageRegistry(String url, Duration timeout, Optional<String> username, Optional<String> password) {
        this.baseUrl = url.replaceAll("/+$", "");
        this.timeout = timeout;
        this.basicAuthorization = username.map(u -> "Basic "
                + Base64.getEncoder().encodeToString((u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Optional<String> digestOf(ImageSpec image) {
        URI uri = URI.create(
                "%s/v2/%s/manifests/%s".formatted(baseUrl, repositoryName(image.repository()), image.digest()));
        try {
            HttpResponse<Void> response =
                    http.send(manifest(uri, Optional.empty()), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 401) {
                Optional<BearerChallenge> challenge = BearerChallenge.parse(
                        response.headers().firstValue("WWW-Authenticate").orElse(null));
                Optional<String> token = challenge.isPresent() ? token(challenge.get()) : Optional.empty();
                if (token.isPresent()) {
                    response = http.send(manifest(uri, token), HttpResponse.BodyHandlers.discarding());
                }
            }
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

    private HttpRequest manifest(URI uri, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES)
                .timeout(timeout);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request.build();
    }

    /** Neither the credentials nor the token are logged: only the realm and the status it answered. */
    private Optional<String> token(BearerChallenge challenge) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(challenge.tokenUri()).GET().timeout(timeout);
        basicAuthorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            LOG.infof("Registry token service %s answered %d", challenge.realm(), response.statusCode());
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = RunwayJson.wire().readTree(response.body());
        } catch (JsonProcessingException e) {
            // the parser's message quotes the body, which may hold a token
            LOG.infof("Registry token service %s answered something other than JSON", challenge.realm());
            return Optional.empty();
        }
        // "token" per the Distribution spec; OAuth 2 style services answer "access_token"
        JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
        if (token == null || token.asText().isBlank()) {
            LOG.infof("Registry token service %s answered without a token", challenge.realm());
            return Optional.empty();
        }
        return Optional.of(token.asText());
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
