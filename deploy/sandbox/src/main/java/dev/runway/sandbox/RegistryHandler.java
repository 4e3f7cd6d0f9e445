package dev.runway.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIMULATION: the read side of the OCI Distribution API for the catalogue's images: {@code /v2/} and manifests by
 * tag or digest, enough to verify an image digest with the real protocol. No blobs, no push. With {@link
 * RegistryCredentials} it requires the Distribution spec's token authentication, its token service at {@code
 * /v2/token}.
 */
final class RegistryHandler implements HttpHandler {

    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final String UNKNOWN =
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}";

    static final String TOKEN_PATH = "/v2/token";
    private static final String UNAUTHORIZED =
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}";

    private final ImageCatalogue catalogue;
    private final RegistryCredentials credentials;

    /** @param credentials null for an open registry */
    RegistryHandler(ImageCatalogue catalogue, RegistryCredentials credentials) {
        this.catalogue = catalogue;
        this.credentials = credentials;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (!"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
            Responses.send(
                    exchange,
                    405,
                    "application/json",
                    "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"the sandbox registry is read-only\"}]}");
            return;
        }
        if (credentials != null && path.equals(TOKEN_PATH)) {
            issueToken(exchange);
            return;
        }
        if (credentials != null && !bearerTokenIn(exchange)) {
            Matcher named = MANIFEST.matcher(path);
            String scope = named.matches() ? ",scope=\"repository:" + named.group(1) + ":pull\"" : "";
            exchange.getResponseHeaders()
                    .set(
                            "WWW-Authenticate",
                            "Bearer realm=\"http://"
                                    + exchange.getRequestHeaders().getFirst("Host") + TOKEN_PATH + "\",service=\""
                                    + ImageCatalogue.REGISTRY_HOST + "\"" + scope);
            Responses.send(exchange, 401, "application/json", UNAUTHORIZED);
            return;
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            Responses.send(exchange, 200, "application/json", "{}");
            return;
        }
        Matcher manifest = MANIFEST.matcher(path);
        if (!manifest.matches()) {
            Responses.send(
                    exchange,
                    404,
                    "application/json",
                    "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"not served by the sandbox registry\"}]}");
            return;
        }
        Optional<CatalogueEntry> entry = catalogue.findInRepository(manifest.group(1), manifest.group(2));
        if (entry.isEmpty()) {
            Responses.send(exchange, 404, "application/json", UNKNOWN);
            return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", entry.get().digest());
        exchange.getResponseHeaders().set("ETag", "\"" + entry.get().digest() + "\"");
        Responses.send(
                exchange,
                200,
                OciManifest.MEDIA_TYPE,
                OciManifest.body(entry.get().repository(), entry.get().tag()));
    }

    private boolean bearerTokenIn(HttpExchange exchange) {
        return ("Bearer " + credentials.token())
                .equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /** The token service: Basic credentials in, a bearer token out, as Docker's distribution/registry answers. */
    private void issueToken(HttpExchange exchange) throws IOException {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((credentials.username() + ":" + credentials.password())
                                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            Responses.send(exchange, 401, "application/json", UNAUTHORIZED);
            return;
        }
        Responses.send(
                exchange,
                200,
                "application/json",
                "{\"token\":\"" + credentials.token() + "\",\"access_token\":\"" + credentials.token()
                        + "\",\"expires_in\":300}");
    }
}
