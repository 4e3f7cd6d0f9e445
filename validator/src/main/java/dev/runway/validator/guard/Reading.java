package dev.runway.validator.guard;

import java.time.Instant;

/**
 * What a metrics source returned for one query at one time. Never an exception: a failed query is a
 * reading with an error, and an empty result (no traffic) is a reading whose value is NaN.
 *
 * @param query what was asked, verbatim, so a verdict can show its evidence
 * @param error null unless the query failed
 */
public record Reading(Instant at, String query, double value, String error) {

    public static Reading of(Instant at, String query, double value) {
        return new Reading(at, query, value, null);
    }

    public static Reading noData(Instant at, String query) {
        return new Reading(at, query, Double.NaN, null);
    }

    public static Reading failed(Instant at, String query, String error) {
        return new Reading(at, query, Double.NaN, error);
    }

    public boolean failed() {
        return error != null;
    }

    public boolean hasValue() {
        return error == null && !Double.isNaN(value) && !Double.isInfinite(value);
    }
}
