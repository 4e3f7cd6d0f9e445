package dev.runway.model.spec;

/** The caches Runway can clear. Only types with a working handler are listed. */
public enum CacheType {
    /**
     * Runbook Step 6.1: FLUSHDB, then DBSIZE must be 0; on a shared instance, only the keys under the cache's prefix
     * (SCAN and UNLINK), then none may match it.
     */
    REDIS,
    /** Runbook Step 6.2: a CloudFront invalidation of the distribution's paths, awaited until Completed. */
    CLOUDFRONT
}
