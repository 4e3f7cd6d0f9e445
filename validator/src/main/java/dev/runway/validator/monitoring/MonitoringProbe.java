package dev.runway.validator.monitoring;

import dev.runway.model.command.RunChecks.Check;
import dev.runway.validator.CheckResult;
import java.time.Instant;

/**
 * Measures the checks read from an environment's monitoring system (Phase 8's SLOs and alert rules, the pre-flight
 * error budget, Phase 9's resources). One implementation per monitoring system; it never throws: an environment
 * without one, or a failed query, is a result whose reading is an error.
 */
public interface MonitoringProbe {

    /** @param environment the command's; null when it names none */
    CheckResult measure(Check check, String environment, Instant now);
}
