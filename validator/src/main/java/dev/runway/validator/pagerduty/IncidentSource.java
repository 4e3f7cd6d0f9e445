package dev.runway.validator.pagerduty;

/**
 * The incidents open on a PagerDuty service. Never throws: an answer that could not be had is an {@link OpenIncidents}
 * with its error.
 */
public interface IncidentSource {

    /** Triggered and acknowledged incidents of the service PagerDuty knows as {@code serviceId}. */
    OpenIncidents open(String serviceId);
}
