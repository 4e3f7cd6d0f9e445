package dev.runway.validator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.validator.CheckResult.Reading;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/** Judges one response or handshake against its check. Pure: no I/O, so every rule is tested directly. */
public final class Checks {

    private static final Pattern TYPE_LINE = Pattern.compile(
            "^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped|gaugehistogram|info|stateset|unknown)\\s*$");
    private static final Pattern SAMPLE_LINE =
            Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})?\\s+(\\S+)(\\s+-?\\d+)?\\s*$");

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Checks() {}

    /** Judges an HTTP answer; a {@code TLS_CERTIFICATE} check is judged by {@link #judgeCertificate} instead. */
    public static CheckResult judge(Check check, ProbeResponse response, String expectedVersion) {
        return switch (check.kind()) {
            case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS -> judgePath(check, response, expectedVersion);
            case HTTPS_REDIRECT -> redirect(check, response);
            case HSTS -> hsts(check, response);
            case TLS_CERTIFICATE ->
                throw new IllegalArgumentException(
                        check.name() + " is judged from a TLS handshake, not from an HTTP answer");
            case SLO_AVAILABILITY,
                    SLO_ERROR_RATE,
                    SLO_LATENCY_P95,
                    SLO_LATENCY_P99,
                    ALERT_RULES_LOADED,
                    ERROR_BUDGET,
                    CPU_USAGE,
                    MEMORY_USAGE ->
                throw new IllegalArgumentException(check.name()
                        + " is judged from Prometheus' answer (MonitoringChecks), not from an HTTP answer");
        };
    }

    private static CheckResult judgePath(Check check, ProbeResponse response, String expectedVersion) {
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
        if (check.kind() == CheckKind.VERSION_REPORTED) {
            return version(check, response, expectedVersion);
        }
        if (check.kind() == CheckKind.PROMETHEUS_METRICS && !isPrometheusText(response.body())) {
            return new CheckResult(
                    check,
                    response,
                    false,
                    null,
                    check.path() + " answered " + response.status() + " but not in Prometheus text format");
        }
        return new CheckResult(check, response, true, null, null);
    }

    /**
     * Step 5.3: the leaf must outlast the check's minimum by whole days and the chain must validate. The reason names
     * the certificate's subject, its expiry date, the days left against the threshold and the chain's verdict.
     */
    public static CheckResult judgeCertificate(Check check, PeerCertificates seen, Instant now) {
        String threshold = "> " + check.minValidDays() + " days";
        if (!seen.handshaken()) {
            String explanation = "no TLS handshake with " + check.url() + ": " + seen.error();
            return endpointResult(check, null, false, new Reading(null, "none", "days", threshold, explanation, true));
        }
        X509Certificate leaf = seen.leaf();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long days = daysLeft(now, notAfter);
        boolean longEnough = days > check.minValidDays();
        String validity = notAfter.isBefore(now)
                ? "expired at " + notAfter + " (" + -days + " days ago)"
                : "valid until " + notAfter + " (" + days + " days)";
        String certificates = seen.chain().size() + (seen.chain().size() == 1 ? " certificate" : " certificates");
        String chain = seen.chainProblem() == null
                ? "chain valid (" + certificates + ")"
                : "chain invalid (" + certificates + "): " + seen.chainProblem();
        String explanation = "certificate " + leaf.getSubjectX500Principal().getName(X500Principal.RFC2253) + " "
                + validity + " " + (longEnough ? ">" : "<=") + " " + check.minValidDays() + " days; " + chain;
        return endpointResult(
                check,
                null,
                longEnough && seen.chainProblem() == null,
                new Reading(null, Long.toString(days), "days", threshold, explanation, false));
    }

    /** Whole days from {@code now} until {@code notAfter}, rounded towards {@code now}; negative once expired. */
    public static long daysLeft(Instant now, Instant notAfter) {
        return Duration.between(now, notAfter).toDays();
    }

    /** Step 5.4: HTTP answers 301 Moved Permanently to an https:// location. */
    private static CheckResult redirect(Check check, ProbeResponse response) {
        String threshold = check.expectedStatus() + " to https://";
        if (!response.answered()) {
            String explanation = check.url() + " did not answer: " + response.error();
            return endpointResult(
                    check, response, false, new Reading("location", "none", "", threshold, explanation, true));
        }
        Optional<String> location = response.header("location");
        boolean toHttps =
                location.map(l -> l.regionMatches(true, 0, "https://", 0, 8)).orElse(false);
        boolean passed = response.status() == check.expectedStatus() && toHttps;
        String seen = check.url() + " answered " + response.status()
                + location.map(l -> " -> " + l).orElse(", no redirect");
        String explanation = passed ? seen : seen + "; expected " + check.expectedStatus() + " to an https:// location";
        return endpointResult(
                check,
                response,
                passed,
                new Reading("location", location.orElse("none"), "", threshold, explanation, false));
    }

    /** Step 5.4: HTTPS answers with a Strict-Transport-Security max-age of at least the check's minimum. */
    private static CheckResult hsts(Check check, ProbeResponse response) {
        String threshold = ">= " + check.minMaxAgeSeconds() + " s";
        if (!response.answered()) {
            String explanation = check.url() + " did not answer: " + response.error();
            return endpointResult(
                    check, response, false, new Reading("maxAge", "none", "s", threshold, explanation, true));
        }
        Optional<String> header = response.header("strict-transport-security");
        OptionalLong maxAge = header.map(Checks::hstsMaxAge).orElse(OptionalLong.empty());
        String answered = check.url() + " answered " + response.status();
        String explanation;
        if (header.isEmpty()) {
            explanation = answered + " without Strict-Transport-Security; expected max-age " + threshold;
        } else if (maxAge.isEmpty()) {
            explanation = answered + " with Strict-Transport-Security \"" + header.get()
                    + "\", which has no valid max-age; expected " + threshold;
        } else {
            boolean enough = maxAge.getAsLong() >= check.minMaxAgeSeconds();
            explanation = answered + " with Strict-Transport-Security \"" + header.get() + "\": max-age "
                    + maxAge.getAsLong() + (enough ? " >= " : " < ") + check.minMaxAgeSeconds() + " s";
        }
        boolean statusOk = response.status() == check.expectedStatus();
        if (!statusOk) {
            explanation += "; expected status " + check.expectedStatus();
        }
        boolean passed = statusOk && maxAge.isPresent() && maxAge.getAsLong() >= check.minMaxAgeSeconds();
        String value = header.isEmpty() ? "missing" : maxAge.isEmpty() ? "invalid" : Long.toString(maxAge.getAsLong());
        return endpointResult(
                check, response, passed, new Reading("maxAge", value, "s", threshold, explanation, false));
    }

    /**
     * The {@code max-age} of a Strict-Transport-Security value (RFC 6797 6.1): directives separated by ";", names in
     * any case, a value optionally quoted. Empty when max-age is missing, repeated or not a number of seconds, which a
     * browser would ignore as well.
     */
    public static OptionalLong hstsMaxAge(String header) {
        OptionalLong maxAge = OptionalLong.empty();
        for (String directive : header.split(";")) {
            String[] nameAndValue = directive.split("=", 2);
            if (!nameAndValue[0].trim().equalsIgnoreCase("max-age")) {
                continue;
            }
            if (maxAge.isPresent() || nameAndValue.length < 2) {
                return OptionalLong.empty();
            }
            String value = nameAndValue[1].trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!DIGITS.matcher(value).matches()) {
                return OptionalLong.empty();
            }
            // delta-seconds beyond a long are still "at least a year"
            maxAge = OptionalLong.of(value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value));
        }
        return maxAge;
    }

    private static CheckResult endpointResult(Check check, ProbeResponse response, boolean passed, Reading reading) {
        return new CheckResult(check, response, passed, null, passed ? null : reading.explanation(), reading);
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
