package dev.runway.validator.pagerduty;

import java.time.Duration;

/**
 * What became of one test alert.
 *
 * @param deliveredAfter from sending the trigger until PagerDuty listed the incident; null when it was not seen
 * @param waited         how long the validator looked for the incident
 * @param incidentNumber PagerDuty's number of the incident; null when it was not seen
 * @param resolved       the resolve event was accepted
 * @param error          why the alert could not be sent, looked for or resolved; null when all three answered
 */
public record AlertDelivery(
        String serviceId,
        Duration deliveredAfter,
        Duration waited,
        Long incidentNumber,
        boolean resolved,
        String error) {

    static AlertDelivery failed(String serviceId, String error) {
        return new AlertDelivery(serviceId, null, Duration.ZERO, null, false, error);
    }
}
