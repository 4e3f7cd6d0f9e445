package dev.runway.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** What a release lead's script does: one POST to start, then GETs to watch. */
public final class CoordinatorClient {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "ROLLED_BACK", "FAILED", "ABORTED");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    public CoordinatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Starts a release; returns its URL. */
    public String start(String specJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/releases"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(specJson))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "release not started: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** What a person does after a decision request: roll back or continue, saying who and why. */
    public JsonNode decide(String releaseUrl, String action, String reason, String decidedBy) {
        String body = RunwayJson.wire()
                .createObjectNode()
                .put("action", action)
                .put("reason", reason)
                .put("decidedBy", decidedBy)
                .toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(releaseUrl + "/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("decision refused: HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return RunwayJson.wire().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable release", e);
        }
    }

    public JsonNode get(String releaseUrl) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(releaseUrl)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + releaseUrl + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return RunwayJson.wire().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable release", e);
        }
    }

    /** Polls until the release has ended, tolerating a coordinator that is briefly away. */
    public JsonNode awaitEnd(String releaseUrl, Duration within) {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = get(releaseUrl);
                if (TERMINAL.contains(last.path("status").asText())) {
                    return last;
                }
            } catch (IllegalStateException e) {
                // coordinator restarting
            }
            pause();
        }
        throw new IllegalStateException("release did not end within " + within + "; last seen: " + last);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("coordinator unreachable at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
