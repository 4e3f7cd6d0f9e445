package dev.runway.model.guard;

import java.time.Instant;

/**
 * Why a guard rule fired, with numbers: what was asked, what came back, and against what.
 *
 * @param verdict     what the rule's verdict turned to
 * @param first       the first sample of the breach
 * @param last        the sample that made the rule fire
 * @param lastValue   in the metric's unit; NaN when the rule fired for lack of data or errors
 * @param explanation the same in words, as timelines, chat and PagerDuty show it
 */
public record Evidence(
        String rule,
        GuardMetric metric,
        String query,
        double threshold,
        long windowSeconds,
        Severity severity,
        Verdict verdict,
        Instant first,
        Instant last,
        int samples,
        double minValue,
        double maxValue,
        double lastValue,
        String explanation) {}
