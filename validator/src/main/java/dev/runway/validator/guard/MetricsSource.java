package dev.runway.validator.guard;

import java.time.Instant;

/** Where guard metrics come from. One implementation per monitoring system; it never throws. */
public interface MetricsSource {

    /**
     * @param query a query in the source's own language, already filled in for one release
     * @param at    the evaluation time
     */
    Reading read(String query, Instant at);
}
