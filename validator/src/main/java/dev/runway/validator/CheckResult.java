package dev.runway.validator;

import dev.runway.model.command.RunChecks.Check;

/**
 * One check as measured.
 *
 * @param response        the HTTP answer; null for a check that sends no request ({@code TLS_CERTIFICATE})
 * @param reportedVersion the {@code version} the body reported, for VERSION_REPORTED checks; else null
 * @param finding         why it failed, in words; null when it passed
 * @param reading         what a check of the public endpoint measured against its threshold; null for the others
 */
public record CheckResult(
        Check check, ProbeResponse response, boolean passed, String reportedVersion, String finding, Reading reading) {

    public CheckResult(Check check, ProbeResponse response, boolean passed, String reportedVersion, String finding) {
        this(check, response, passed, reportedVersion, finding, null);
    }

    /** An answer came back: an HTTP status, or for a TLS check a handshake. */
    public boolean answered() {
        return response != null ? response.answered() : reading != null && !reading.error();
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
}
