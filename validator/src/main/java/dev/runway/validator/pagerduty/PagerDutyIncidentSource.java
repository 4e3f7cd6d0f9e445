package dev.runway.validator.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PagerDuty's REST API v2, {@code GET /incidents} for one service and the two open statuses, with the JDK's client. The
 * token goes only into the {@code Authorization} header; nothing here logs, and errors name the status or the
 * exception type only.
 */
@ApplicationScoped
public class PagerDutyIncidentSource implements IncidentSource {

    private static final String ACCEPT = "application/vnd.pagerduty+json;version=2";

    private final URI apiUrl;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient client;

    public PagerDutyIncidentSource(ValidatorConfig config) {
        this.apiUrl = config.pagerduty().apiUrl();
        this.token = config.pagerduty().apiToken().filter(t -> !t.isBlank());
        this.timeout = config.requestTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public OpenIncidents open(String serviceId) {
        return list(serviceId, "&statuses%5B%5D=triggered&statuses%5B%5D=acknowledged");
    }

    /** The service's incidents under one incident key, whatever their status: how a test alert is looked for. */
    public OpenIncidents withIncidentKey(String serviceId, String incidentKey) {
        return list(serviceId, "&incident_key=" + URLEncoder.encode(incidentKey, StandardCharsets.UTF_8));
    }

    private OpenIncidents list(String serviceId, String query) {
        if (token.isEmpty()) {
            return OpenIncidents.unreadable(
                    serviceId, "the validator has no PagerDuty API token (runway.validator.pagerduty.api-token)");
        }
        String base = apiUrl.toString().replaceAll("/+$", "");
        // brackets encoded: java.net.URI refuses them in a query, and PagerDuty decodes them
        URI incidents = URI.create(
                base + "/incidents?service_ids%5B%5D=" + URLEncoder.encode(serviceId, StandardCharsets.UTF_8) + query);
        HttpRequest request = HttpRequest.newBuilder(incidents)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .header("Authorization", "Token token=" + token.get())
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OpenIncidents.unreadable(
                        serviceId, "PagerDuty answered " + response.statusCode() + meaning(response.statusCode()));
            }
            return read(serviceId, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OpenIncidents.unreadable(serviceId, "interrupted");
        } catch (Exception e) {
            return OpenIncidents.unreadable(
                    serviceId, "PagerDuty did not answer: " + e.getClass().getSimpleName());
        }
    }

    static OpenIncidents read(String serviceId, String body) {
        JsonNode root;
        try {
            root = RunwayJson.wire().readTree(body);
        } catch (Exception e) {
            return OpenIncidents.unreadable(serviceId, "PagerDuty answered 200 with a body that is not JSON");
        }
        JsonNode list = root == null ? null : root.get("incidents");
        if (list == null || !list.isArray()) {
            return OpenIncidents.unreadable(serviceId, "PagerDuty answered 200 without an incidents list");
        }
        List<OpenIncidents.Incident> incidents = new ArrayList<>();
        for (JsonNode incident : list) {
            incidents.add(new OpenIncidents.Incident(
                    incident.path("incident_number").asLong(),
                    incident.path("status").asText(""),
                    incident.path("urgency").asText(""),
                    incident.path("created_at").asText(""),
                    incident.path("title").asText("")));
        }
        return new OpenIncidents(serviceId, incidents, root.path("more").asBoolean(false), null);
    }

    private static String meaning(int status) {
        return switch (status) {
            case 401 -> " (the API token was refused)";
            case 403 -> " (the API token may not read this service's incidents)";
            case 429 -> " (rate limited)";
            default -> "";
        };
    }
}
