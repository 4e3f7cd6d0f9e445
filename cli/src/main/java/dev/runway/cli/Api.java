package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The coordinator's REST API, signed in with one bearer token. Errors become {@link CliException}s. */
public final class Api {

    static final String PROBLEM_JSON = "application/problem+json";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    public Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** From the configuration, or exit 3 saying how to sign in. */
    public static Api signedIn(Config config) {
        if (config.url() == null || config.token() == null) {
            throw CliException.notSignedIn("not signed in: run runway login --url <coordinator> --token-file <file>"
                    + " (or set " + Config.URL_VARIABLE + " and " + Config.TOKEN_VARIABLE + ")");
        }
        return new Api(config.url(), config.token());
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode getJson(String path) {
        return json(send(request(path).GET().header("Accept", "application/json")));
    }

    /** A representation other than JSON, e.g. the timeline as {@code text/markdown}. */
    public String getText(String path, String accept) {
        return send(request(path).GET().header("Accept", accept)).body();
    }

    /** POSTs JSON; the answer's status and body, for callers whose 2xx answers differ (202 and 200). */
    public HttpResponse<String> post(String path, String jsonBody) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /**
     * Opens the release's event stream. The lines arrive as the server sends them; the stream ends when the server
     * closes it. {@code lastEventId} lets a server that keeps history resume after it.
     */
    public Stream<String> events(String releaseId, Long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/releases/" + encode(releaseId) + "/events")
                .timeout(Duration.ofDays(1))
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId.toString());
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = lines.collect(Collectors.joining("\n"));
            }
            throw failure(response.statusCode(), body);
        }
        return response.body();
    }

    public static String query(Map<String, String> parameters) {
        Map<String, String> present = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                present.put(k, v);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return present.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "the coordinator's answer is not JSON: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, "not a URL: " + baseUrl + path, e);
        }
        return HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), response.body());
        }
        return response;
    }

    CliException unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException(ExitCodes.ERROR, "the coordinator at " + baseUrl + " did not answer: " + why, e);
    }

    /** 401 means the token is missing, expired or from another issuer: signing in again is the fix, so exit 3. */
    static CliException failure(int status, String body) {
        Problem problem = Problem.parse(status, body);
        if (status == 401) {
            return CliException.notSignedIn(problem.render() + System.lineSeparator()
                    + "  the coordinator refused the token (expired, or from another issuer?): run runway login again");
        }
        return new CliException(ExitCodes.ERROR, status, problem.render(), null);
    }
}
