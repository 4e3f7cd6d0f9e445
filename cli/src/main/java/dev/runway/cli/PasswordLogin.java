package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OpenID Connect's resource owner password grant: the issuer's discovery document names its token endpoint, which
 * answers the user's name and password with an access token. Only for providers that allow the grant for this client.
 */
public final class PasswordLogin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The token endpoint the issuer's {@code /.well-known/openid-configuration} names. */
    public String tokenEndpoint(String issuer) {
        String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        JsonNode document = call(HttpRequest.newBuilder(URI.create(discovery)).GET(), "the discovery document");
        JsonNode endpoint = document.path("token_endpoint");
        if (!endpoint.isTextual()) {
            throw new CliException(ExitCodes.ERROR, discovery + " names no token_endpoint");
        }
        return endpoint.asText();
    }

    /** The access token for {@code username}; the password is sent only to the token endpoint and kept nowhere. */
    public String token(String tokenEndpoint, String clientId, String clientSecret, String username, char[] password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        form.put("username", username);
        form.put("password", new String(password));
        form.put("scope", "openid");
        JsonNode answer = call(
                HttpRequest.newBuilder(URI.create(tokenEndpoint))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formBody(form))),
                "the token endpoint");
        JsonNode token = answer.path("access_token");
        if (!token.isTextual()) {
            throw new CliException(ExitCodes.NOT_SIGNED_IN, tokenEndpoint + " answered without an access_token");
        }
        return token.asText();
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> Api.encode(e.getKey()) + "=" + Api.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.timeout(Duration.ofSeconds(30))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, what + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            // OAuth's error and error_description say why (invalid_grant: wrong password), never the password
            String error = body.path("error").asText("HTTP " + response.statusCode());
            String description = body.path("error_description").asText("");
            throw new CliException(
                    response.statusCode() == 400 || response.statusCode() == 401
                            ? ExitCodes.NOT_SIGNED_IN
                            : ExitCodes.ERROR,
                    what + " refused: " + error + (description.isEmpty() ? "" : " (" + description + ")"));
        }
        return body;
    }
}
