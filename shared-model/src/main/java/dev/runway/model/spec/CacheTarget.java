package dev.runway.model.spec;

/**
 * A cache to clear after the new version is live (runbook Phase 6).
 *
 * @param name the cache handler's name for the cache; its address and password live in the
 *             rollout-agent's configuration
 */
public record CacheTarget(CacheType type, String name) {}
