package dev.runway.model.event;

import java.time.Instant;

/**
 * One value taken by a worker. A failed query is a measurement with status {@code ERROR}, never an
 * exception.
 *
 * @param value as measured, e.g. {@code 200}, {@code 1.4.2}, {@code 37}
 * @param unit  e.g. {@code http_status}, {@code ms}, {@code replicas}; empty when none
 */
public record Measurement(String name, String value, String unit, Status status, Instant at) {

    public enum Status {
        SUCCESSFUL,
        INCONCLUSIVE,
        FAILED,
        ERROR
    }
}
