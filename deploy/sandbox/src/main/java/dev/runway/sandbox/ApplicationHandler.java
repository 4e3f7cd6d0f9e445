package dev.runway.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * SIMULATION: the target application of every Deployment, at {@code /apps/<namespace>/<deployment>/...}. It answers
 * as the version the Deployment currently serves (see {@link DeploymentController#serving}) would: 503 on /health
 * for an UNHEALTHY image, 503 everywhere while nothing is available. Requests are counted for /metrics.
 */
final class ApplicationHandler implements HttpHandler {

    private static final String PRODUCTS = "[{\"id\":1,\"name\":\"Espresso cup\",\"price\":4.50},"
            + "{\"id\":2,\"name\":\"Pour-over kettle\",\"price\":39.00},"
            + "{\"id\":3,\"name\":\"Burr grinder\",\"price\":89.00}]";

    private final DeploymentController controller;
    private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();

    ApplicationHandler(DeploymentController controller) {
        this.controller = controller;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // /apps/<namespace>/<deployment>[/<path>]
        String[] parts = exchange.getRequestURI().getPath().split("/", 5);
        if (parts.length < 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
            Responses.send(exchange, 404, "application/json", "{\"error\":\"use /apps/<namespace>/<deployment>/\"}");
            return;
        }
        String namespace = parts[2];
        String deployment = parts[3];
        String path = parts.length == 5 ? "/" + parts[4] : "/";
        Optional<CatalogueEntry> served = controller.serving(namespace, deployment);
        if (served == null) {
            Responses.send(
                    exchange,
                    404,
                    "application/json",
                    "{\"error\":\"no deployment " + namespace + "/" + deployment + " in the sandbox\"}");
            return;
        }
        String key = namespace + "/" + deployment;
        int status = respond(exchange, key, path, served);
        requests.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
    }

    private int respond(HttpExchange exchange, String key, String path, Optional<CatalogueEntry> served)
            throws IOException {
        if (served.isEmpty()) {
            return send(
                    exchange,
                    503,
                    "application/json",
                    "{\"status\":\"unavailable\",\"environment\":\"" + Responses.ENVIRONMENT
                            + "\",\"message\":\"no ready replicas for " + key + "\"}");
        }
        CatalogueEntry image = served.get();
        String version = Responses.json(image.tag());
        boolean healthy = image.behaviour() == ImageBehaviour.HEALTHY;
        return switch (path) {
            case "/health" ->
                send(
                        exchange,
                        healthy ? 200 : 503,
                        "application/json",
                        "{\"status\":\"" + (healthy ? "healthy" : "unhealthy") + "\",\"version\":" + version
                                + ",\"environment\":\"" + Responses.ENVIRONMENT + "\",\"deployment\":"
                                + Responses.json(key)
                                + ",\"image\":" + Responses.json(image.reference()) + ",\"digest\":\"" + image.digest()
                                + "\""
                                + (healthy ? "" : ",\"checks\":{\"database\":\"failing\"}") + "}");
            case "/ready" ->
                send(exchange, 200, "application/json", "{\"status\":\"ready\",\"version\":" + version + "}");
            case "/live" ->
                send(exchange, 200, "application/json", "{\"status\":\"alive\",\"version\":" + version + "}");
            case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics(key, image));
            case "/api/v1/products" ->
                send(exchange, 200, "application/json", "{\"products\":" + PRODUCTS + ",\"version\":" + version + "}");
            case "/" ->
                send(
                        exchange,
                        200,
                        "text/html; charset=utf-8",
                        "<!doctype html><html><head><title>shop "
                                + image.tag() + "</title></head><body><h1>" + key + " " + image.tag()
                                + "</h1><p>Runway sandbox (simulation): no real application runs here.</p></body></html>");
            default ->
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"error\":\"not found\",\"path\":" + Responses.json(path) + "}");
        };
    }

    private String metrics(String key, CatalogueEntry image) {
        StringBuilder text = new StringBuilder()
                .append("# HELP http_requests_total HTTP requests answered by the simulated application.\n")
                .append("# TYPE http_requests_total counter\n");
        // This scrape counts as a 200 too, like a real instrumented endpoint.
        Map<Integer, Long> counts = new TreeMap<>();
        requests.getOrDefault(key, Map.of()).forEach((status, count) -> counts.put(status, count.sum()));
        counts.merge(200, 1L, Long::sum);
        counts.forEach((status, count) -> text.append("http_requests_total{status=\"")
                .append(status)
                .append("\"} ")
                .append(count)
                .append('\n'));
        return text.append("# HELP app_info The version the simulated application serves.\n")
                .append("# TYPE app_info gauge\n")
                .append("app_info{version=\"")
                .append(image.tag())
                .append("\",environment=\"sandbox\"} 1\n")
                .toString();
    }

    private static int send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        Responses.send(exchange, status, contentType, body);
        return status;
    }
}
