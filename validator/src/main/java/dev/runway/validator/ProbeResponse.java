package dev.runway.validator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one GET came back with. A request that got no HTTP answer (refused, timed out) has no
 * status and says why in {@code error}; it is a result, not an exception.
 *
 * @param status  null when the application did not answer
 * @param headers by lower-case name; empty when there was no answer
 */
public record ProbeResponse(
        Integer status, String body, Duration elapsed, String error, Map<String, List<String>> headers) {

    public ProbeResponse {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (a, b) -> a));
    }

    public static ProbeResponse answered(int status, String body, Duration elapsed) {
        return answered(status, Map.of(), body, elapsed);
    }

    public static ProbeResponse answered(int status, Map<String, List<String>> headers, String body, Duration elapsed) {
        return new ProbeResponse(status, body, elapsed, null, headers);
    }

    public static ProbeResponse noAnswer(String error, Duration elapsed) {
        return new ProbeResponse(null, null, elapsed, error, Map.of());
    }

    public boolean answered() {
        return status != null;
    }

    /** The first value of header {@code name}, as a client acting on it reads it. */
    public Optional<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
                .findFirst();
    }
}
