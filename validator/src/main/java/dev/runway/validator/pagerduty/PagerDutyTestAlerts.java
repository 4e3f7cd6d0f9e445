package dev.runway.validator.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 8.3 through PagerDuty's own APIs: the Events API v2 ({@code POST /v2/enqueue}) triggers the test alert on the
 * service's integration, the REST API v2 ({@code GET /incidents?incident_key=}) shows when it became an incident, and
 * the Events API resolves it. Routing keys and the API token go only into request bodies and headers; errors name
 * statuses and exception types, never a request.
 */
@ApplicationScoped
public class PagerDutyTestAlerts implements TestAlerts {

    private final URI eventsUrl;
    private final boolean hasToken;
    private final PagerDutyIncidentSource incidents;
    private final ValidatorConfig.PagerDuty config;
    private final Duration timeout;
    private final HttpClient client;

    public PagerDutyTestAlerts(ValidatorConfig config, PagerDutyIncidentSource incidents) {
        this.config = config.pagerduty();
        this.incidents = incidents;
        this.eventsUrl = URI.create(trimmed(this.config.eventsUrl()) + "/v2/enqueue");
        this.hasToken = this.config.apiToken().filter(t -> !t.isBlank()).isPresent();
        this.timeout = config.requestTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public AlertDelivery send(String serviceId, String dedupKey, String summary) {
        String routingKey = config.routingKeys().get(serviceId);
        if (routingKey == null || routingKey.isBlank()) {
            return AlertDelivery.failed(
                    serviceId,
                    "the validator has no Events API routing key for it (runway.validator.pagerduty.routing-keys.\""
                            + serviceId + "\")");
        }
        if (!hasToken) {
            return AlertDelivery.failed(
                    serviceId,
                    "the validator has no PagerDuty API token to see the incident (runway.validator.pagerduty.api-token)");
        }
        long sent = System.nanoTime();
        Optional<String> refused = enqueue(routingKey, "trigger", dedupKey, summary);
        if (refused.isPresent()) {
            return AlertDelivery.failed(serviceId, "the trigger was refused: " + refused.get());
        }
        Duration wait = config.maxAlertDelivery().multipliedBy(2);
        Long incident = null;
        String lastError = null;
        while (true) {
            OpenIncidents seen = incidents.withIncidentKey(serviceId, dedupKey);
            if (seen.error() == null && !seen.incidents().isEmpty()) {
                incident = seen.incidents().get(0).number();
                break;
            }
            lastError = seen.error();
            if (System.nanoTime() - sent >= wait.toNanos()) {
                break;
            }
            if (!pause()) {
                lastError = "interrupted";
                break;
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - sent);
        // resolved even when it was not seen: a late incident must not stay open and page someone
        Optional<String> notResolved = enqueue(routingKey, "resolve", dedupKey, null);
        String error =
                notResolved.map(e -> "the resolve was refused: " + e).orElse(incident == null ? lastError : null);
        return new AlertDelivery(
                serviceId, incident == null ? null : elapsed, elapsed, incident, notResolved.isEmpty(), error);
    }

    /** Empty when PagerDuty accepted the event (202); else why not. */
    private Optional<String> enqueue(String routingKey, String action, String dedupKey, String summary) {
        ObjectNode event = RunwayJson.wire().createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", action);
        event.put("dedup_key", dedupKey);
        if (summary != null) {
            ObjectNode payload = event.putObject("payload");
            payload.put("summary", summary);
            payload.put("source", "runway");
            payload.put("severity", "info");
        }
        HttpRequest request = HttpRequest.newBuilder(eventsUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 202
                    ? Optional.empty()
                    : Optional.of("the Events API answered " + response.statusCode() + eventsMeaning(response));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (Exception e) {
            return Optional.of("the Events API did not answer: " + e.getClass().getSimpleName());
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(config.alertPollInterval().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Events API's own words for a refusal (e.g. "Event object is invalid"), which never echo the routing key. */
    private static String eventsMeaning(HttpResponse<String> response) {
        if (response.statusCode() == 429) {
            return " (rate limited)";
        }
        try {
            JsonNode body = RunwayJson.wire().readTree(response.body());
            String message = body == null ? "" : body.path("message").asText("");
            return message.isEmpty() ? "" : " (" + message + ")";
        } catch (Exception e) {
            return "";
        }
    }

    private static String trimmed(URI uri) {
        return uri.toString().replaceAll("/+$", "");
    }
}
