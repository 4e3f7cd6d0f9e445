package dev.runway.rollout.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's {@code WWW-Authenticate: Bearer realm="...",service="...",scope="..."} challenge (the Distribution
 * spec's token authentication): where to ask for a token, and for what.
 */
record BearerChallenge(String realm, String service, String scope) {

    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Empty unless the header is a Bearer challenge naming a realm. */
    static Optional<BearerChallenge> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher m = PARAMETER.matcher(header.substring("Bearer ".length()));
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null || realm.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new BearerChallenge(realm, parameters.get("service"), parameters.get("scope")));
    }

    /** The token request: the realm with the challenge's service and scope as query parameters. */
    URI tokenUri() {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        if (scope != null) {
            query.append(query.isEmpty() ? "" : "&")
                    .append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        return URI.create(query.isEmpty() ? realm : realm + (realm.contains("?") ? "&" : "?") + query);
    }
}
