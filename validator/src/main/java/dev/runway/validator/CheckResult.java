package dev.runway.validator;

import dev.runway.model.command.RunChecks.Check;

/**
 * One check as measured.
 *
 * @param reportedVersion the {@code version} the body reported, for VERSION_REPORTED checks; else null
 * @param finding         why it failed, in words; null when it passed
 */
public record CheckResult(
        Check check, ProbeResponse response, boolean passed, String reportedVersion, String finding) {}
