package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import java.util.List;

/**
 * Measure the application against a list of checks (validator).
 *
 * @param expectedVersion null when any version is fine (pre-flight reads the current one)
 * @param passRatePercent the share of checks that must pass; 100 for health phases
 */
public record RunChecks(
        String baseUrl, List<Check> checks, String expectedVersion, int passRatePercent, long maxResponseTimeMillis)
        implements CommandBody {

    public RunChecks {
        checks = List.copyOf(checks);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.VALIDATION_COMMANDS;
    }

    /**
     * One measurement to take.
     *
     * @param bodyContains null, or text the body must contain
     */
    public record Check(String name, CheckKind kind, String path, int expectedStatus, String bodyContains) {

        public static Check status(String name, String path) {
            return new Check(name, CheckKind.HTTP_STATUS, path, 200, null);
        }
    }

    public enum CheckKind {
        /** GET path, compare the status code (and optionally the body). */
        HTTP_STATUS,
        /** GET path (normally /health) and compare its JSON {@code version} with the expected one. */
        VERSION_REPORTED,
        /** GET path (normally /metrics) and require Prometheus text exposition format. */
        PROMETHEUS_METRICS
    }
}
