package dev.runway.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIMULATION: the read side of the OCI Distribution API for the catalogue's images: {@code /v2/} and manifests by
 * tag or digest, enough to verify an image digest with the real protocol. No blobs, no push, no authentication.
 */
final class RegistryHandler implements HttpHandler {

    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final String UNKNOWN =
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}";

    private final ImageCatalogue catalogue;

    RegistryHandler(ImageCatalogue catalogue) {
        this.catalogue = catalogue;
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
}
