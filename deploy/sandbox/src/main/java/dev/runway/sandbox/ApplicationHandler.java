package dev.runway.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION: the target application of every Deployment, at {@code /apps/<namespace>/<deployment>/...}.
 *
 * <p>The probes ({@code /health}, {@code /ready}, {@code /live}) and {@code /metrics} answer at once as the version
 * the Deployment serves (see {@link DeploymentController#serving}): 503 on /health for an UNHEALTHY image, 503
 * everywhere while nothing is available. Application requests ({@code /}, {@code /api/v1/products}) go to one Ready
 * pod picked at random, as through a Service, so mid-rollout the new pods answer their share; that pod's image
 * decides, through its {@link RequestProfile}, whether the answer is a 500 and how long it takes. A slow answer is
 * sent later from a scheduler, so it holds no server thread and other requests are not held up.
 *
 * <p>{@code POST /api/v1/cart} (Phase 7's smoke request) adds {@code {"productId":n,"quantity":q}} to a cart and
 * answers 201 with the cart; it wants a bearer token (any: the sandbox checks that one is sent, not whose) and
 * answers 401 without one, 405 to another method and 400 to another body.
 *
 * <p>{@code GET /api/v1/integrations/<name>/health} (Phase 9's Step 9.3) answers, for any name, that the integration is
 * connected, with the latency a real application would report from its own call; the sandbox calls nothing.
 *
 * <p>Every answered request is recorded in the Deployment's {@link HttpMetrics}, shown on /metrics.
 */
final class ApplicationHandler implements HttpHandler {

    static final String NOT_FOUND_ROUTE = "NOT_FOUND";
    static final String INTEGRATION_ROUTE = "/api/v1/integrations/:name/health";
    private static final Pattern INTEGRATION_HEALTH = Pattern.compile("/api/v1/integrations/([a-z0-9-]+)/health");
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationHandler.class);
    private static final String PRODUCTS = "[{\"id\":1,\"name\":\"Espresso cup\",\"price\":4.50},"
            + "{\"id\":2,\"name\":\"Pour-over kettle\",\"price\":39.00},"
            + "{\"id\":3,\"name\":\"Burr grinder\",\"price\":89.00}]";

    private static final Pattern PRODUCT_ID = Pattern.compile("\"productId\"\\s*:\\s*(\\d{1,9})");
    private static final Pattern QUANTITY = Pattern.compile("\"quantity\"\\s*:\\s*(\\d{1,9})");

    record Answer(int status, String contentType, String body, String version, Duration delay) {}

    private final DeploymentController controller;
    private final ScheduledExecutorService delays;
    private final Map<String, HttpMetrics> metrics = new ConcurrentHashMap<>();
    /** Application requests answered per Deployment and image, which decides the ones that fail. */
    private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();

    /** @param delays sends the answers that take time; owned by the caller */
    ApplicationHandler(DeploymentController controller, ScheduledExecutorService delays) {
        this.controller = controller;
        this.delays = delays;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
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
        if (served.isEmpty()) {
            // No pod would have received this request, so no application counts it.
            Responses.send(
                    exchange,
                    503,
                    "application/json",
                    "{\"status\":\"unavailable\",\"environment\":\"" + Responses.ENVIRONMENT
                            + "\",\"message\":\"no ready replicas for " + key + "\"}");
            return;
        }
        HttpMetrics recorder = metrics.computeIfAbsent(key, k -> new HttpMetrics());
        String route = route(path);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Answer answer = route.equals("/api/v1/cart")
                ? cart(
                        method,
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        served.get().tag())
                : answer(route, path, key, served.get(), controller.readyPods(namespace, deployment), recorder);
        Runnable reply = () -> reply(
                exchange,
                answer,
                new HttpMetrics.Labels(method, route, answer.status(), answer.version()),
                recorder,
                received);
        if (answer.delay().isZero()) {
            reply.run();
        } else {
            try {
                ScheduledFuture<?> unused =
                        delays.schedule(reply, answer.delay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The sandbox is closing; nobody waits for this answer any more.
                exchange.close();
            }
        }
    }

    private static void reply(
            HttpExchange exchange, Answer answer, HttpMetrics.Labels labels, HttpMetrics recorder, long received) {
        try {
            Responses.send(exchange, answer.status(), answer.contentType(), answer.body());
            recorder.observe(labels, (System.nanoTime() - received) / 1e9);
        } catch (IOException e) {
            // The client gave up; like a real server, the request is not counted as answered.
            LOG.debug("Sandbox (simulation): could not answer {}: {}", exchange.getRequestURI(), e.toString());
            exchange.close();
        }
    }

    /** The route a request matches, used as its {@code path} label. */
    static String route(String path) {
        return switch (path) {
            case "/", "/health", "/ready", "/live", "/metrics", "/api/v1/products", "/api/v1/cart" -> path;
            default -> INTEGRATION_HEALTH.matcher(path).matches() ? INTEGRATION_ROUTE : NOT_FOUND_ROUTE;
        };
    }

    private Answer answer(
            String route,
            String path,
            String key,
            CatalogueEntry serving,
            List<ReadyPods> readyPods,
            HttpMetrics recorder) {
        String version = Responses.json(serving.tag());
        boolean healthy = serving.behaviour() == ImageBehaviour.HEALTHY;
        return switch (route) {
            case "/health" ->
                new Answer(
                        healthy ? 200 : 503,
                        "application/json",
                        "{\"status\":\"" + (healthy ? "healthy" : "unhealthy") + "\",\"version\":" + version
                                + ",\"environment\":\"" + Responses.ENVIRONMENT + "\",\"deployment\":"
                                + Responses.json(key)
                                + ",\"image\":" + Responses.json(serving.reference()) + ",\"digest\":\""
                                + serving.digest() + "\""
                                + (healthy ? "" : ",\"checks\":{\"database\":\"failing\"}") + "}",
                        serving.tag(),
                        Duration.ZERO);
            case "/ready" ->
                new Answer(
                        200,
                        "application/json",
                        "{\"status\":\"ready\",\"version\":" + version + "}",
                        serving.tag(),
                        Duration.ZERO);
            case "/live" ->
                new Answer(
                        200,
                        "application/json",
                        "{\"status\":\"alive\",\"version\":" + version + "}",
                        serving.tag(),
                        Duration.ZERO);
            case "/metrics" ->
                new Answer(
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        recorder.exposition() + appInfo(serving),
                        serving.tag(),
                        Duration.ZERO);
            case "/", "/api/v1/products" -> application(route, key, serving, readyPods);
            case INTEGRATION_ROUTE -> integration(path, serving.tag());
            default ->
                new Answer(
                        404,
                        "application/json",
                        "{\"error\":\"not found\",\"path\":" + Responses.json(path) + "}",
                        serving.tag(),
                        Duration.ZERO);
        };
    }

    /** A request a Service routes to one Ready pod, answered as that pod's image would. */
    private Answer application(String route, String key, CatalogueEntry serving, List<ReadyPods> readyPods) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        CatalogueEntry pod = ReadyPods.pick(readyPods, random.nextDouble()).orElse(serving);
        String version = Responses.json(pod.tag());
        Duration delay = pod.requests().latency(random.nextDouble());
        long sequence = answered.computeIfAbsent(key + "@" + pod.tag(), k -> new AtomicLong())
                .getAndIncrement();
        if (pod.requests().fails(sequence)) {
            return new Answer(
                    500,
                    "application/json",
                    "{\"error\":\"internal server error\",\"version\":" + version + ",\"environment\":\""
                            + Responses.ENVIRONMENT + "\"}",
                    pod.tag(),
                    delay);
        }
        return route.equals("/")
                ? new Answer(
                        200,
                        "text/html; charset=utf-8",
                        "<!doctype html><html><head><title>shop " + pod.tag() + "</title></head><body><h1>" + key
                                + " " + pod.tag()
                                + "</h1><p>Runway sandbox (simulation): no real application runs here.</p></body></html>",
                        pod.tag(),
                        delay)
                : new Answer(
                        200,
                        "application/json",
                        "{\"products\":" + PRODUCTS + ",\"version\":" + version + "}",
                        pod.tag(),
                        delay);
    }

    /** SIMULATION: an integration as the application would report it; nothing is called. */
    private static Answer integration(String path, String tag) {
        Matcher name = INTEGRATION_HEALTH.matcher(path);
        String integration = name.matches() ? name.group(1) : "";
        long latency = 5 + ThreadLocalRandom.current().nextLong(20);
        return new Answer(
                200,
                "application/json",
                "{\"integration\":" + Responses.json(integration) + ",\"status\":\"connected\",\"latency_ms\":"
                        + latency + "}",
                tag,
                Duration.ZERO);
    }

    /** The cart a smoke check fills: answered by the version served, at once and without failures. */
    static Answer cart(String method, String authorization, String body, String tag) {
        String version = Responses.json(tag);
        if (!method.equals("POST")) {
            return new Answer(405, "application/json", "{\"error\":\"POST a cart item\"}", tag, Duration.ZERO);
        }
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() == 7) {
            return new Answer(
                    401, "application/json", "{\"error\":\"a bearer token is required\"}", tag, Duration.ZERO);
        }
        Matcher product = PRODUCT_ID.matcher(body);
        Matcher quantity = QUANTITY.matcher(body);
        if (!product.find() || !quantity.find()) {
            return new Answer(
                    400,
                    "application/json",
                    "{\"error\":\"expected {\\\"productId\\\":n,\\\"quantity\\\":q}\"}",
                    tag,
                    Duration.ZERO);
        }
        return new Answer(
                201,
                "application/json",
                "{\"items\":[{\"productId\":" + product.group(1) + ",\"quantity\":" + quantity.group(1)
                        + "}],\"version\":" + version + "}",
                tag,
                Duration.ZERO);
    }

    private static String appInfo(CatalogueEntry serving) {
        return "# HELP app_info The version the simulated application serves.\n"
                + "# TYPE app_info gauge\n"
                + "app_info{version=\"" + HttpMetrics.escape(serving.tag()) + "\",environment=\"sandbox\"} 1\n";
    }
}
