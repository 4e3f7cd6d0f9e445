package dev.runway.model.guard;

/**
 * What a guard rule watches. The PromQL behind each metric is the validator's configuration per
 * environment, never part of a release spec, so a spec cannot make the validator run a query of its
 * own choosing.
 */
public enum GuardMetric {
    /** Share of requests answered 5xx, from 0 to 1. */
    ERROR_RATE("ratio"),
    /** 99th percentile of request latency. */
    LATENCY_P99("seconds");

    private final String unit;

    GuardMetric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
