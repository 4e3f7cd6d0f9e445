package dev.runway.validator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.RunChecks.Check;
import java.util.Locale;
import java.util.regex.Pattern;

/** Judges one response against its check. Pure: no I/O, so every rule is tested directly. */
public final class Checks {

    private static final Pattern TYPE_LINE = Pattern.compile(
            "^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped|gaugehistogram|info|stateset|unknown)\\s*$");
    private static final Pattern SAMPLE_LINE =
            Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})?\\s+(\\S+)(\\s+-?\\d+)?\\s*$");

    private Checks() {}

    public static CheckResult judge(Check check, ProbeResponse response, String expectedVersion) {
        if (!response.answered()) {
            return new CheckResult(check, response, false, null, check.path() + " did not answer: " + response.error());
        }
        if (response.status() != check.expectedStatus()) {
            return new CheckResult(
                    check,
                    response,
                    false,
                    null,
                    check.path() + " answered " + response.status() + ", expected " + check.expectedStatus());
        }
        if (check.bodyContains() != null
                && (response.body() == null || !response.body().contains(check.bodyContains()))) {
            return new CheckResult(
                    check,
                    response,
                    false,
                    null,
                    check.path() + " answered without \"" + check.bodyContains() + "\" in its body");
        }
        return switch (check.kind()) {
            case HTTP_STATUS -> new CheckResult(check, response, true, null, null);
            case VERSION_REPORTED -> version(check, response, expectedVersion);
            case PROMETHEUS_METRICS ->
                isPrometheusText(response.body())
                        ? new CheckResult(check, response, true, null, null)
                        : new CheckResult(
                                check,
                                response,
                                false,
                                null,
                                check.path() + " answered " + response.status() + " but not in Prometheus text format");
        };
    }

    private static CheckResult version(Check check, ProbeResponse response, String expectedVersion) {
        String reported = reportedVersion(response.body());
        if (expectedVersion == null) {
            return new CheckResult(check, response, true, reported, null);
        }
        if (reported == null) {
            return new CheckResult(
                    check, response, false, null, check.path() + " reports no version, expected " + expectedVersion);
        }
        if (!sameVersion(reported, expectedVersion)) {
            return new CheckResult(
                    check,
                    response,
                    false,
                    reported,
                    check.path() + " reports version " + reported + ", expected " + expectedVersion);
        }
        return new CheckResult(check, response, true, reported, null);
    }

    /** The JSON body's {@code version}, or null when the body is not JSON or has none. */
    public static String reportedVersion(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode version = RunwayJson.wire().readTree(body).get("version");
            return version == null || version.isNull() || version.isContainerNode() ? null : version.asText();
        } catch (Exception notJson) {
            return null;
        }
    }

    /** {@code v1.4.0} and {@code 1.4.0} name the same release: tags carry the "v", manifests often not. */
    public static boolean sameVersion(String a, String b) {
        return withoutV(a).equals(withoutV(b));
    }

    private static String withoutV(String version) {
        String trimmed = version.trim();
        return trimmed.toLowerCase(Locale.ROOT).startsWith("v") ? trimmed.substring(1) : trimmed;
    }

    /** At least one {@code # TYPE} line and one well-formed sample line, as the runbook's Step 8.1 shows. */
    public static boolean isPrometheusText(String body) {
        if (body == null) {
            return false;
        }
        boolean type = false;
        boolean sample = false;
        for (String line : body.lines().toList()) {
            if (TYPE_LINE.matcher(line).matches()) {
                type = true;
            } else if (!line.startsWith("#") && !line.isBlank()) {
                var matcher = SAMPLE_LINE.matcher(line);
                if (!matcher.matches() || !isSampleValue(matcher.group(2))) {
                    return false;
                }
                sample = true;
            }
        }
        return type && sample;
    }

    private static boolean isSampleValue(String value) {
        if (value.equals("NaN") || value.equals("+Inf") || value.equals("-Inf")) {
            return true;
        }
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
