package dev.runway.validator.pagerduty;

import java.util.List;

/**
 * What PagerDuty answered for one service.
 *
 * @param incidents the first page of them
 * @param more      PagerDuty has more than this page
 * @param error     why none could be read, never quoting the API token; null when PagerDuty answered
 */
public record OpenIncidents(String serviceId, List<Incident> incidents, boolean more, String error) {

    public OpenIncidents {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }

    public static OpenIncidents unreadable(String serviceId, String error) {
        return new OpenIncidents(serviceId, List.of(), false, error);
    }

    /**
     * One incident as the REST API describes it.
     *
     * @param number    {@code incident_number}
     * @param status    {@code triggered} or {@code acknowledged}
     * @param createdAt {@code created_at}, as PagerDuty wrote it
     */
    public record Incident(long number, String status, String urgency, String createdAt, String title) {}
}
