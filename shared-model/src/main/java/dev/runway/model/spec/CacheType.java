package dev.runway.model.spec;

/** The caches Runway can clear. Only types with a working handler are listed. */
public enum CacheType {
    /** Runbook Step 6.1: FLUSHDB, then DBSIZE must be 0. */
    REDIS
}
