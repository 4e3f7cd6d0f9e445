package dev.runway.validator;

import dev.runway.model.command.RunChecks.Check;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One check as measured.
 *
 * @param response        the HTTP answer; null for a check that sends no request ({@code TLS_CERTIFICATE}), sends many
 *     ({@code LATENCY_SERIES}) or could not send one (a credential not configured)
 * @param reportedVersion the {@code version} the body reported, for VERSION_REPORTED checks; else null
 * @param finding         why it failed, in words; null when it passed
 * @param reading         what a check of the public endpoint, a smoke request's JSON value or a latency series measured
 *     against its threshold; null for the others
 * @param latency         a latency series' statistics; null for other checks
 */
public record CheckResult(
        Check check,
        ProbeResponse response,
        boolean passed,
        String reportedVersion,
        String finding,
        Reading reading,
        LatencyStats latency) {

    public CheckResult(Check check, ProbeResponse response, boolean passed, String reportedVersion, String finding) {
        this(check, response, passed, reportedVersion, finding, null, null);
    }

    public CheckResult(
            Check check,
            ProbeResponse response,
            boolean passed,
            String reportedVersion,
            String finding,
            Reading reading) {
        this(check, response, passed, reportedVersion, finding, reading, null);
    }

    /** An answer came back: an HTTP status, or for a TLS check a handshake. */
    public boolean answered() {
        return response != null ? response.answered() : reading != null && !reading.error();
    }

    /**
     * This result with {@code secret} replaced by {@code replacement} wherever the result could be reported: a server
     * may echo a credential in its body, or an exception quote a header.
     */
    public CheckResult without(String secret, String replacement) {
        if (secret == null || secret.isEmpty()) {
            return this;
        }
        ProbeResponse scrubbed = response == null
                ? null
                : new ProbeResponse(
                        response.status(),
                        scrub(response.body(), secret, replacement),
                        response.elapsed(),
                        scrub(response.error(), secret, replacement),
                        response.headers().entrySet().stream()
                                .collect(Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> e.getValue().stream()
                                                .map(v -> scrub(v, secret, replacement))
                                                .toList())));
        Reading scrubbedReading = reading == null
                ? null
                : new Reading(
                        reading.label(),
                        scrub(reading.value(), secret, replacement),
                        reading.unit(),
                        reading.threshold(),
                        scrub(reading.explanation(), secret, replacement),
                        reading.error());
        return new CheckResult(
                check,
                scrubbed,
                passed,
                scrub(reportedVersion, secret, replacement),
                scrub(finding, secret, replacement),
                scrubbedReading,
                latency);
    }

    private static String scrub(String text, String secret, String replacement) {
        return text == null ? null : text.replace(secret, replacement);
    }

    /**
     * One measured value with its threshold, in the measurement model's words.
     *
     * @param label       the measurement's name after the check's ({@code <check>.<label>}); null for the check's own
     * @param value       as measured, e.g. {@code 10}, {@code 31536000}, {@code https://shop.example/}, {@code missing}
     * @param unit        e.g. {@code days}, {@code s}; empty when none
     * @param threshold   what passes, e.g. {@code > 30 days}
     * @param explanation the sentence the timeline shows, naming what was seen and the threshold
     * @param error       nothing could be measured (no handshake, no answer)
     */
    public record Reading(
            String label, String value, String unit, String threshold, String explanation, boolean error) {}

    /**
     * A latency series as measured (runbook Step 7.3): the times of the requests answered with the expected status.
     *
     * @param statistics min, avg, p95 and p99 in that order, each with its limit; empty when no request was answered
     */
    public record LatencyStats(int requests, int answered, List<Statistic> statistics) {

        public LatencyStats {
            statistics = List.copyOf(statistics);
        }

        /** One statistic of the times, e.g. {@code p95} 212 ms against 500 ms. */
        public record Statistic(String name, long millis, long limitMillis) {

            public boolean within() {
                return millis <= limitMillis;
            }
        }
    }
}
