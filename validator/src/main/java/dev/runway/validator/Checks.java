package dev.runway.validator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.command.RunChecks.Series;
import dev.runway.model.spec.JsonPath;
import dev.runway.validator.CheckResult.LatencyStats;
import dev.runway.validator.CheckResult.LatencyStats.Statistic;
import dev.runway.validator.CheckResult.Reading;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.security.auth.x500.X500Principal;

/** Judges one response or handshake against its check. Pure: no I/O, so every rule is tested directly. */
public final class Checks {

    private static final Pattern TYPE_LINE = Pattern.compile(
            "^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped|gaugehistogram|info|stateset|unknown)\\s*$");
    /** Label values are quoted and may hold any character, closing braces and escaped quotes included. */
    private static final Pattern SAMPLE_LINE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{(?:[^\"}]|\"(?:\\\\.|[^\"\\\\])*\")*})?\\s+(\\S+)(\\s+-?\\d+)?\\s*$");

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private Checks() {}

    /**
     * Judges an HTTP answer; a {@code TLS_CERTIFICATE} check is judged by {@link #judgeCertificate}, and the checks of
     * the cluster by {@link ClusterChecks}, instead.
     */
    public static CheckResult judge(Check check, ProbeResponse response, String expectedVersion) {
        return switch (check.kind()) {
            case HTTP_STATUS, VERSION_REPORTED, PROMETHEUS_METRICS -> judgePath(check, response, expectedVersion);
            case HTTPS_REDIRECT -> redirect(check, response);
            case HSTS -> hsts(check, response);
            case SMOKE_REQUEST -> smokeRequest(check, response);
            case TLS_CERTIFICATE ->
                throw new IllegalArgumentException(
                        check.name() + " is judged from a TLS handshake, not from an HTTP answer");
            case LATENCY_SERIES ->
                throw new IllegalArgumentException(
                        check.name() + " is judged from a series of answers, by judgeSeries");
            case DATABASE_REACHABLE,
                    DATABASE_CONNECTIONS,
                    DATABASE_SLOW_QUERIES,
                    DATABASE_SIZE,
                    OPEN_INCIDENTS,
                    ALERT_DELIVERY ->
                throw new IllegalArgumentException(check.name() + " is judged by DatabaseChecks or IncidentChecks");
            case NODES_READY, PODS_RUNNING, SERVICE_ENDPOINTS, TARGET_HEALTH, POD_RESTARTS ->
                throw new IllegalArgumentException(check.name() + " is judged by ClusterChecks, from what was read");
            case INTEGRATION_HEALTH ->
                throw new IllegalArgumentException(check.name() + " is judged by judgeIntegration, against its limit");
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

    /**
     * Step 7.1: the expected status, {@code bodyContains} if given, and the value at {@code jsonPath} if given. Each
     * finding names the check, its request and what it saw, e.g. {@code place order: POST /api/v1/orders answered 201
     * with $.status = "pending", expected "accepted"}.
     */
    private static CheckResult smokeRequest(Check check, ProbeResponse response) {
        String request = check.name() + ": " + check.smoke().methodOrGet() + " " + check.path();
        if (!response.answered()) {
            return new CheckResult(check, response, false, null, request + " did not answer: " + response.error());
        }
        String answered = request + " answered " + response.status();
        if (response.status() != check.expectedStatus()) {
            return new CheckResult(check, response, false, null, answered + ", expected " + check.expectedStatus());
        }
        if (check.bodyContains() != null
                && (response.body() == null || !response.body().contains(check.bodyContains()))) {
            return new CheckResult(
                    check, response, false, null, answered + " without \"" + check.bodyContains() + "\" in its body");
        }
        if (check.smoke().jsonPath() == null) {
            return new CheckResult(check, response, true, null, null);
        }
        return jsonValue(check, response, answered);
    }

    private static CheckResult jsonValue(Check check, ProbeResponse response, String answered) {
        String path = check.smoke().jsonPath();
        String expected = shownExpected(check.smoke().jsonEquals());
        String threshold = "= " + expected;
        Optional<JsonNode> body = json(response.body());
        if (body.isEmpty()) {
            String explanation = answered + " with a body that is not JSON; expected " + path + " " + threshold;
            return jsonResult(check, response, false, "not JSON", threshold, explanation);
        }
        Optional<JsonNode> value;
        try {
            value = JsonPath.parse(path).select(body.get());
        } catch (IllegalArgumentException e) {
            String explanation = answered + "; its jsonPath " + path + " cannot be read: " + e.getMessage();
            return jsonResult(check, response, false, "unreadable path", threshold, explanation);
        }
        if (value.isEmpty()) {
            String explanation = answered + " without " + path + "; expected " + threshold;
            return jsonResult(check, response, false, "missing", threshold, explanation);
        }
        String seen = shown(value.get());
        boolean matches = JsonPath.matches(value.get(), check.smoke().jsonEquals());
        String explanation = answered + " with " + path + " = " + seen + (matches ? "" : ", expected " + expected);
        return jsonResult(check, response, matches, seen, threshold, explanation);
    }

    /**
     * Step 9.3: the application's health URL of one external integration answers 200 with JSON {@code status}
     * "connected" and {@code latency_ms} below {@code maxLatencyMillis} (the runbook's {@code <1000}).
     */
    public static CheckResult judgeIntegration(Check check, ProbeResponse response, long maxLatencyMillis) {
        String request = check.name() + ": GET " + check.path();
        String threshold = "connected, latency_ms < " + maxLatencyMillis;
        if (!response.answered()) {
            String explanation = request + " did not answer: " + response.error();
            return integration(check, response, false, "no answer", threshold, explanation);
        }
        String answered = request + " answered " + response.status();
        if (response.status() != check.expectedStatus()) {
            return integration(
                    check,
                    response,
                    false,
                    Integer.toString(response.status()),
                    threshold,
                    answered + ", expected " + check.expectedStatus());
        }
        Optional<JsonNode> body = json(response.body());
        String status = body.map(b -> b.path("status"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .orElse(null);
        if (!"connected".equals(status)) {
            String seen = status == null ? "no status" : "status \"" + status + "\"";
            return integration(
                    check,
                    response,
                    false,
                    status == null ? "missing" : status,
                    threshold,
                    answered + " with " + seen + ", expected \"connected\"");
        }
        JsonNode latency = body.get().path("latency_ms");
        if (!latency.isNumber()) {
            return integration(
                    check, response, false, "missing", threshold, answered + " connected, without latency_ms");
        }
        String millis = latency.isIntegralNumber() ? Long.toString(latency.asLong()) : latency.asText();
        boolean fast = latency.asDouble() < maxLatencyMillis;
        String explanation =
                check.name() + ": connected, latency_ms " + millis + (fast ? " < " : " >= ") + maxLatencyMillis;
        return integration(check, response, fast, millis, threshold, explanation);
    }

    private static CheckResult integration(
            Check check, ProbeResponse response, boolean passed, String value, String threshold, String explanation) {
        return new CheckResult(
                check,
                response,
                passed,
                null,
                passed ? null : explanation,
                new Reading(null, value, "ms", threshold, explanation, !response.answered()));
    }

    private static CheckResult jsonResult(
            Check check, ProbeResponse response, boolean passed, String value, String threshold, String explanation) {
        return new CheckResult(
                check,
                response,
                passed,
                null,
                passed ? null : explanation,
                new Reading("json", value, "", threshold, explanation, false));
    }

    private static Optional<JsonNode> json(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunwayJson.wire().readTree(body));
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }

    /** A value as JSON writes it, cut at 100 characters: a row quotes it, it does not reproduce a document. */
    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** A number, true, false or null as written; any other expected text in quotes, as JSON writes a string. */
    private static String shownExpected(String expected) {
        if (expected.equals("true") || expected.equals("false") || expected.equals("null")) {
            return expected;
        }
        return JSON_NUMBER.matcher(expected).matches()
                ? expected
                : RunwayJson.wire().getNodeFactory().textNode(expected).toString();
    }

    /**
     * Step 7.3: the requests of a latency series, in the order sent. It passes when every request the series asked for
     * was answered with the expected status and the min, average, p95 and p99 of their times are each at most the
     * series' limit. Percentiles are nearest-rank over the answered requests, so p95 of 20 is the 19th fastest.
     */
    public static CheckResult judgeSeries(Check check, List<ProbeResponse> responses) {
        Series series = check.smoke().series();
        String request = check.smoke().methodOrGet() + " " + check.path();
        List<ProbeResponse> expected = responses.stream()
                .filter(r -> r.answered() && r.status() == check.expectedStatus())
                .toList();
        long[] millis = expected.stream()
                .mapToLong(r -> r.elapsed().toMillis())
                .sorted()
                .toArray();
        List<Statistic> statistics = millis.length == 0
                ? List.of()
                : List.of(
                        new Statistic("p95", percentile(millis, 95), series.p95Millis()),
                        new Statistic("p99", percentile(millis, 99), series.p99Millis()),
                        new Statistic(
                                "avg",
                                Math.round(LongStream.of(millis).average().orElse(0)),
                                series.avgMillis()),
                        new Statistic("min", millis[0], series.minMillis()));
        boolean allAnswered = expected.size() == series.requests();
        boolean passed = allAnswered && statistics.stream().allMatch(Statistic::within);

        StringBuilder explanation = new StringBuilder(check.name()).append(": ");
        if (statistics.isEmpty()) {
            explanation
                    .append("none of ")
                    .append(series.requests())
                    .append(" requests to ")
                    .append(request);
            explanation.append(" answered ").append(check.expectedStatus());
        } else {
            explanation.append(statistics.stream()
                    .map(s -> s.name() + " " + s.millis() + " ms " + (s.within() ? "<=" : ">") + " " + s.limitMillis()
                            + " ms")
                    .collect(Collectors.joining(", ")));
            explanation
                    .append(" over ")
                    .append(expected.size())
                    .append(" requests to ")
                    .append(request);
            if (!allAnswered) {
                explanation.append("; ").append(expected.size()).append(" of ").append(series.requests());
                explanation.append(" answered ").append(check.expectedStatus());
            }
        }
        firstOther(check, responses).ifPresent(o -> explanation.append(": ").append(o));
        if (responses.size() < series.requests()) {
            explanation
                    .append("; stopped after ")
                    .append(responses.size())
                    .append(" of ")
                    .append(series.requests());
        }
        boolean noAnswer = responses.stream().noneMatch(ProbeResponse::answered);
        Reading reading = new Reading(
                "requests",
                Integer.toString(expected.size()),
                "",
                series.requests() + " answered " + check.expectedStatus(),
                explanation.toString(),
                noAnswer);
        return new CheckResult(
                check,
                null,
                passed,
                null,
                passed ? null : reading.explanation(),
                reading,
                new LatencyStats(series.requests(), expected.size(), statistics));
    }

    /** The first request of a series that was not answered with the expected status, and what it got instead. */
    private static Optional<String> firstOther(Check check, List<ProbeResponse> responses) {
        for (int i = 0; i < responses.size(); i++) {
            ProbeResponse r = responses.get(i);
            if (!r.answered()) {
                return Optional.of("request " + (i + 1) + " did not answer: " + r.error());
            }
            if (r.status() != check.expectedStatus()) {
                return Optional.of("request " + (i + 1) + " answered " + r.status());
            }
        }
        return Optional.empty();
    }

    /** The nearest-rank percentile of ascending {@code sorted}: the smallest value at least {@code p}% are within. */
    public static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
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
