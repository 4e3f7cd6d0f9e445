package dev.runway.validator.guard;

import java.util.Optional;

/** How the guards of each environment are measured; configured per environment, never by a release spec. */
public interface GuardEnvironments {

    /**
     * @param source  where the environment's metrics are read
     * @param queries the query behind each metric there
     * @param limits  how many failed or empty samples a rule tolerates
     */
    record GuardEnvironment(MetricsSource source, GuardQueries queries, Limits limits) {}

    /** Empty when {@code environment} cannot be guarded: unknown, or without a metrics source. */
    Optional<GuardEnvironment> find(String environment);
}
