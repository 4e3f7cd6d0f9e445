package dev.runway.validator;

import java.time.Duration;

/**
 * What one GET came back with. A request that got no HTTP answer (refused, timed out) has no
 * status and says why in {@code error}; it is a result, not an exception.
 *
 * @param status null when the application did not answer
 */
public record ProbeResponse(Integer status, String body, Duration elapsed, String error) {

    public static ProbeResponse answered(int status, String body, Duration elapsed) {
        return new ProbeResponse(status, body, elapsed, null);
    }

    public static ProbeResponse noAnswer(String error, Duration elapsed) {
        return new ProbeResponse(null, null, elapsed, error);
    }

    public boolean answered() {
        return status != null;
    }
}
