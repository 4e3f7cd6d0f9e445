package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One automated smoke test (runbook Step 7.1): an HTTP request to the application, judged by its status, its body text
 * and a value in its JSON. The fields after {@code bodyContains} are optional, added within version 1: a check without
 * them is the plain GET specs wrote before.
 *
 * @param path         on the application's service URL, which the coordinator's configuration holds: starts with
 *                     {@code /}, never a scheme or host
 * @param bodyContains null, or text the response body must contain
 * @param method       GET, HEAD, POST, PUT, PATCH or DELETE; null for GET
 * @param headers      sent with the request, e.g. {@code Content-Type}; never a credential ({@code Authorization},
 *                     {@code Cookie}): name one in {@code credential}
 * @param body         the request body, sent as written; null for none (GET and HEAD send none)
 * @param credential   the name of a credential the validator holds for the environment (its header and value are
 *                     configured there, never in a spec); null to send none
 * @param jsonPath     null, or where in the JSON body {@code jsonEquals} must be found, in the subset {@link JsonPath}
 *                     reads, e.g. {@code $.items[0].id}
 * @param jsonEquals   the value expected at {@code jsonPath}, compared as {@link JsonPath#matches} says
 * @param latency      null, or a latency series of this request (runbook Step 7.3): repeated and timed, only for GET
 *                     and HEAD, since repeating a write would change production
 */
public record SmokeCheck(
        String name,
        String path,
        int expectedStatus,
        String bodyContains,
        @JsonInclude(JsonInclude.Include.NON_NULL) String method,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers,
        @JsonInclude(JsonInclude.Include.NON_NULL) String body,
        @JsonInclude(JsonInclude.Include.NON_NULL) String credential,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jsonPath,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jsonEquals,
        @JsonInclude(JsonInclude.Include.NON_NULL) LatencySeries latency) {

    public SmokeCheck {
        // kept in the order written, and null values kept, so that the spec's validation can name them
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A GET of {@code path}, as every smoke check was before the fields after {@code bodyContains}. */
    public SmokeCheck(String name, String path, int expectedStatus, String bodyContains) {
        this(name, path, expectedStatus, bodyContains, null, null, null, null, null, null, null);
    }

    /** The method sent: GET unless the check names another. */
    public String methodOrGet() {
        return method == null ? "GET" : method;
    }

    /** True when the check is a GET judged by its status and body text only, as checks were before the other fields. */
    @JsonIgnore
    public boolean isPlainGet() {
        return method == null
                && headers.isEmpty()
                && body == null
                && credential == null
                && jsonPath == null
                && jsonEquals == null;
    }
}
