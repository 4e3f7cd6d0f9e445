package dev.runway.validator.pagerduty;

/**
 * Step 8.3's test alert: sent to a PagerDuty service, waited for as an incident, then resolved. Never throws: what could
 * not be done is in the {@link AlertDelivery}'s error.
 */
public interface TestAlerts {

    /**
     * @param dedupKey the same for every attempt of one check, so that PagerDuty folds a repeated trigger into the open
     *     incident rather than paging again
     */
    AlertDelivery send(String serviceId, String dedupKey, String summary);
}
