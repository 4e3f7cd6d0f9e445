package dev.runway.validator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to send to the application under release.
 *
 * @param method  GET, HEAD, POST, PUT, PATCH or DELETE
 * @param headers sent as given, a credential's among them; never printed, see {@link #toString()}
 * @param body    null for none
 */
public record ProbeRequest(String method, String url, Map<String, String> headers, String body) {

    public ProbeRequest {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static ProbeRequest get(String url) {
        return new ProbeRequest("GET", url, Map.of(), null);
    }

    /** Names the headers without their values: one may be a credential's. */
    @Override
    public String toString() {
        return "ProbeRequest[" + method + " " + url + ", headers " + headers.keySet() + ", body "
                + (body == null ? "none" : body.length() + " characters") + "]";
    }
}
