package dev.runway.notifier.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.notifier.Page;
import dev.runway.notifier.PagingSink;
import dev.runway.notifier.Redaction;
import dev.runway.notifier.RetryPolicy;
import dev.runway.notifier.SinkResult;
import dev.runway.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/** Sends {@link Page}s to the PagerDuty Events API v2 ({@code POST /v2/enqueue}). */
@ApplicationScoped
public class PagerDutyEventsV2PagingSink implements PagingSink {

    /** PagerDuty's limit for {@code payload.summary}. */
    static final int SUMMARY_LIMIT = 1024;

    static final String EVENT_CLASS = "deployment-rollback";

    private static final Logger LOG = Logger.getLogger(PagerDutyEventsV2PagingSink.class);

    private final URI eventsUrl;
    private final Map<String, NotifierConfig.Service> services;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final HttpClient http;

    public PagerDutyEventsV2PagingSink(NotifierConfig config) {
        NotifierConfig.PagerDuty pagerDuty = config.pagerduty();
        this.eventsUrl = URI.create(pagerDuty.eventsUrl());
        this.services = pagerDuty.services();
        this.timeout = pagerDuty.timeout();
        this.retry = new RetryPolicy(
                pagerDuty.retry().maxAttempts(),
                pagerDuty.retry().initialBackoff(),
                pagerDuty.retry().maxBackoff());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public SinkResult send(String service, Page page) {
        NotifierConfig.Service target = services.get(service);
        if (target == null) {
            return SinkResult.notConfigured("no PagerDuty service named '" + service
                    + "' is configured (runway.pagerduty.services.\"" + service + "\".routing-key)");
        }
        String routingKey = target.routingKey();
        HttpRequest request = HttpRequest.newBuilder(eventsUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(routingKey, page)))
                .build();
        for (int attempt = 1; ; attempt++) {
            SinkResult delivery = sendOnce(request, attempt, routingKey);
            if (delivery.delivered()
                    || !RetryPolicy.isTransient(delivery.httpStatus())
                    || !retry.allowsAnotherAfter(attempt)) {
                return delivery;
            }
            Duration backoff = retry.backoffAfter(attempt);
            LOG.warnf(
                    "PagerDuty %s for %s failed on attempt %d (%s); retrying in %d ms",
                    page.action(), page.dedupKey(), attempt, delivery.detail(), backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return delivery;
            }
        }
    }

    private SinkResult sendOnce(HttpRequest request, int attempt, String routingKey) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return SinkResult.delivered(202, attempt);
            }
            return SinkResult.answered(
                    response.statusCode(),
                    attempt,
                    ("PagerDuty answered " + response.statusCode() + " "
                                    + Redaction.quote(explanation(response.body()), routingKey))
                            .strip());
        } catch (IOException e) {
            // The exception's message may carry request details, so only its type is reported.
            return SinkResult.unreachable(
                    attempt, "PagerDuty could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SinkResult.unreachable(attempt, "interrupted while sending to PagerDuty");
        }
    }

    /** PagerDuty explains a refusal in {@code message} and {@code errors}; anything else is quoted raw. */
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
        return body;
    }

    static String body(String routingKey, Page page) {
        ObjectNode event = RunwayJson.wire().createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", page.action() == Page.Action.TRIGGER ? "trigger" : "resolve");
        event.put("dedup_key", page.dedupKey());
        if (page.action() == Page.Action.TRIGGER) {
            ObjectNode payload = event.putObject("payload");
            String summary = page.summary();
            payload.put(
                    "summary",
                    summary.length() > SUMMARY_LIMIT ? summary.substring(0, SUMMARY_LIMIT - 1) + "…" : summary);
            payload.put("source", page.source());
            payload.put("severity", page.severity() == Page.Severity.CRITICAL ? "critical" : "error");
            payload.put("timestamp", page.timestamp().toString());
            payload.put("component", page.component());
            payload.put("group", page.group());
            payload.put("class", EVENT_CLASS);
            ObjectNode details = payload.putObject("custom_details");
            page.details().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(fact -> details.put(fact.getKey(), fact.getValue()));
        }
        try {
            return RunwayJson.wire().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
