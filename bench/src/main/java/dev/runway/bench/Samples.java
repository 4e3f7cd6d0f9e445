package dev.runway.bench;

import java.util.List;

/** Nearest-rank percentiles of latencies in nanoseconds, shown in milliseconds. */
final class Samples {

    private final long[] sorted;

    Samples(List<Long> nanos) {
        this.sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    int size() {
        return sorted.length;
    }

    double ms(double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }

    double maxMs() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1_000_000.0;
    }

    String describe() {
        return String.format(
                "n=%-5d p50=%8.2f  p90=%8.2f  p99=%8.2f  max=%8.2f ms", size(), ms(50), ms(90), ms(99), maxMs());
    }
}
