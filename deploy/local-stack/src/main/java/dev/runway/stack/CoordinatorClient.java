package dev.runway.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.GoNoGoVote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/**
 * What the people of a release do through the API, each signed in with their own token: the deployer (dana) starts
 * it, the four voters cast GO, the deployment lead (lee) decides, the viewer (val) watches.
 */
public final class CoordinatorClient {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "ROLLED_BACK", "FAILED", "ABORTED");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final Function<DemoUser, String> tokens;

    /** @param tokens each demo user's bearer token (from the local stack's {@link IdentityProvider}) */
    public CoordinatorClient(String baseUrl, Function<DemoUser, String> tokens) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
    }

    /** The deployer starts a release; returns its URL. It then waits in GO/NO-GO for {@link #voteGo}. */
    public String start(String specJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/releases"))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(DemoUser.DANA))
                .POST(HttpRequest.BodyPublishers.ofString(specJson))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "release not started: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Starts a release and has its voters vote GO once pre-flight has passed. */
    public String startAndVote(String specJson) {
        String url = start(specJson);
        voteGo(url, Duration.ofMinutes(3));
        return url;
    }

    /**
     * Waits for GO/NO-GO to open, then each required role's demo user votes GO, the DBA with the migrations' hash
     * the release shows. Returns without voting if the release ends or moves on first (e.g. pre-flight failed).
     */
    public void voteGo(String releaseUrl, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            JsonNode release = get(releaseUrl);
            JsonNode vote = release.path("vote");
            if (!vote.isMissingNode() && !vote.isNull()) {
                String hash = vote.path("migrationsHash").isTextual()
                        ? vote.path("migrationsHash").asText()
                        : null;
                for (JsonNode role : vote.path("missing")) {
                    DemoUser voter = DemoUser.voterFor(GoNoGoVote.Role.valueOf(role.asText()));
                    vote(releaseUrl, voter, GoNoGoVote.Decision.GO, "ready (" + voter.subject() + ")", hash);
                }
                return;
            }
            boolean waiting = "RUNNING".equals(release.path("status").asText())
                    && "PRE_FLIGHT_CHECKS".equals(release.path("currentPhase").asText());
            if (!waiting) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("GO/NO-GO did not open within " + within + " at " + releaseUrl);
    }

    /** {@code user} votes for the role they hold; the DBA's GO carries {@code migrationsHash}. */
    public JsonNode vote(
            String releaseUrl, DemoUser user, GoNoGoVote.Decision decision, String comment, String migrationsHash) {
        ObjectNode body = RunwayJson.wire()
                .createObjectNode()
                .put("role", user.votesAs().orElseThrow().name())
                .put("decision", decision.name())
                .put("comment", comment);
        if (migrationsHash != null && user == DemoUser.KIM) {
            body.put("migrationsHash", migrationsHash);
        }
        return post(releaseUrl + "/votes", user, body.toString(), "vote");
    }

    /** What the deployment lead does after a decision request: roll back or continue, saying why. */
    public JsonNode decide(String releaseUrl, String action, String reason) {
        String body = RunwayJson.wire()
                .createObjectNode()
                .put("action", action)
                .put("reason", reason)
                .toString();
        return post(releaseUrl + "/decisions", DemoUser.LEE, body, "decision");
    }

    private JsonNode post(String url, DemoUser user, String body, String what) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(user))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " refused: HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return RunwayJson.wire().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable release", e);
        }
    }

    public JsonNode get(String releaseUrl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(releaseUrl))
                .header("Authorization", bearer(DemoUser.VAL))
                .GET()
                .build());
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

    private String bearer(DemoUser user) {
        return "Bearer " + tokens.apply(user);
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
