package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.phase.FallbackPage;
import dev.runway.model.RunwayJson;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The coordinator's second path to people when a rollback announcement reached nobody: a trigger to the PagerDuty
 * Events API v2 ({@code POST <url>/v2/enqueue}), sent by the {@link Outbox} relay from a row of its own.
 *
 * <p>The stored row holds the event without its routing key, which is added only to the request: the key is in no
 * table, log, event or problem.
 */
@ApplicationScoped
public class PagerDutyFallback {

    /** The outbox {@code topic} of direct pages; no Kafka topic has this name. */
    public static final String DESTINATION = "pagerduty:fallback";

    /** PagerDuty's limit for {@code payload.summary}. */
    static final int SUMMARY_LIMIT = 1024;

    private static final Logger LOG = Logger.getLogger(PagerDutyFallback.class);

    private static final String REDACTED = "[routing key]";

    @Inject
    CoordinatorConfig config;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    void onStart(@Observes StartupEvent started) {
        if (!configured()) {
            LOG.error("runway.coordinator.fallback-paging.routing-key is not set: when a rollback announcement reaches"
                    + " nobody (the notifier silent, chat and its page failed), the coordinator cannot page PagerDuty"
                    + " itself and only counts it in runway_rollback_announcements_undelivered_total, for"
                    + " Alertmanager (RunwayRollbackAnnouncementUndelivered)");
        }
    }

    public boolean configured() {
        return config.fallbackPaging().routingKey().isPresent();
    }

    /** The Events API v2 trigger for {@code page}, without its routing key. */
    public String payload(FallbackPage page) {
        ObjectNode event = RunwayJson.wire().createObjectNode();
        event.put("event_action", "trigger");
        event.put("dedup_key", page.dedupKey());
        ObjectNode payload = event.putObject("payload");
        String summary = page.summary();
        payload.put(
                "summary", summary.length() > SUMMARY_LIMIT ? summary.substring(0, SUMMARY_LIMIT - 1) + "…" : summary);
        payload.put("source", page.source());
        payload.put("severity", "critical");
        payload.put("timestamp", page.at().toString());
        payload.put("component", page.application());
        payload.put("group", page.environment());
        payload.put("class", "rollback-announcement-undelivered");
        ObjectNode details = payload.putObject("custom_details");
        page.details().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(detail -> details.put(detail.getKey(), detail.getValue()));
        event.put("client", "Runway coordinator");
        event.put("client_url", page.details().get("release_url"));
        return json(event);
    }

    /**
     * Posts a stored trigger with the routing key added. Fails with {@link PageNotAccepted} unless PagerDuty answers
     * 202; the failure's message never holds the key.
     */
    Uni<Void> send(String stored) {
        Optional<String> routingKey = config.fallbackPaging().routingKey();
        if (routingKey.isEmpty()) {
            return Uni.createFrom()
                    .failure(new PageNotAccepted(0, "runway.coordinator.fallback-paging.routing-key is not set"));
        }
        String key = routingKey.get();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stripSlash(config.fallbackPaging().url()) + "/v2/enqueue"))
                .timeout(config.fallbackPaging().timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(withRoutingKey(stored, key)))
                .build();
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> answer =
                Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        if (context != null) {
            // the relay's database transaction goes on where it began
            answer = answer.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return answer.onFailure()
                .transform(e -> e instanceof IOException || e.getCause() instanceof IOException
                        // the exception's message may carry request details, so only its type is reported
                        ? new PageNotAccepted(0, "PagerDuty could not be reached (" + rootType(e) + ")")
                        : e)
                .chain(response -> {
                    if (response.statusCode() == 202) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom()
                            .failure(new PageNotAccepted(
                                    response.statusCode(),
                                    ("PagerDuty answered " + response.statusCode() + " "
                                                    + explanation(response.body())
                                                            .replace(key, REDACTED))
                                            .strip()));
                });
    }

    private static String withRoutingKey(String stored, String key) {
        try {
            ObjectNode event = (ObjectNode) RunwayJson.wire().readTree(stored);
            ObjectNode keyed = RunwayJson.wire().createObjectNode();
            keyed.put("routing_key", key);
            keyed.setAll(event);
            return json(keyed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored page is unreadable", e);
        }
    }

    /** PagerDuty explains a refusal in {@code message} and {@code errors}; anything else is quoted, shortened. */
    private static String explanation(String body) {
        try {
            JsonNode json = RunwayJson.wire().readTree(body);
            if (json != null && json.hasNonNull("message")) {
                String errors = json.path("errors").isArray() ? " " + json.get("errors") : "";
                return json.get("message").asText() + errors;
            }
        } catch (JsonProcessingException e) {
            // not JSON, e.g. an HTML page from a proxy: quoted as it is
        }
        return body.length() <= 200 ? body : body.substring(0, 200);
    }

    private static String rootType(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String json(JsonNode node) {
        try {
            return RunwayJson.wire().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("page is not serialisable", e);
        }
    }

    /** PagerDuty did not accept a page. */
    static final class PageNotAccepted extends RuntimeException {
        private final int httpStatus;

        PageNotAccepted(int httpStatus, String message) {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
        }

        /** 0 when no answer came. */
        int httpStatus() {
            return httpStatus;
        }
    }
}
