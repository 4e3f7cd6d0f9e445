package dev.runway.sandbox;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The request metrics of one simulated application, exposed the way the Prometheus client libraries do: a counter
 * {@code http_requests_total} and a histogram {@code http_request_duration_seconds} ({@code _bucket} cumulative with
 * {@code le} up to {@code +Inf}, {@code _sum}, {@code _count}), both labelled by method, path, status code ({@code code}, as the Go client's promhttp names it) and the version
 * of the pod that answered.
 */
final class HttpMetrics {

    static final String REQUESTS = "http_requests_total";
    static final String DURATION = "http_request_duration_seconds";
    /** The Prometheus client libraries' default buckets, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /**
     * @param path the route, not the raw path (a request for an unknown page is {@code NOT_FOUND}), so that the
     *     number of series stays bounded
     */
    record Labels(String method, String path, int code, String version) {

        static final Comparator<Labels> ORDER = Comparator.comparing(Labels::version)
                .thenComparing(Labels::path)
                .thenComparing(Labels::method)
                .thenComparingInt(Labels::code);

        String render() {
            return "method=\"" + escape(method) + "\",path=\"" + escape(path) + "\",code=\"" + code + "\",version=\""
                    + escape(version) + "\"";
        }
    }

    private final Map<Labels, Series> series = new ConcurrentSkipListMap<>(Labels.ORDER);

    void observe(Labels labels, double seconds) {
        series.computeIfAbsent(labels, l -> new Series()).observe(seconds);
    }

    /** Text exposition format 0.0.4. */
    String exposition() {
        Map<Labels, Snapshot> snapshots = new TreeMap<>(Labels.ORDER);
        series.forEach((labels, s) -> snapshots.put(labels, s.snapshot()));
        StringBuilder text = new StringBuilder()
                .append("# HELP ")
                .append(REQUESTS)
                .append(" HTTP requests answered by the simulated application.\n")
                .append("# TYPE ")
                .append(REQUESTS)
                .append(" counter\n");
        snapshots.forEach((labels, snapshot) -> text.append(REQUESTS)
                .append('{')
                .append(labels.render())
                .append("} ")
                .append(snapshot.count)
                .append('\n'));
        text.append("# HELP ")
                .append(DURATION)
                .append(" Time from receiving a request to sending its answer.\n")
                .append("# TYPE ")
                .append(DURATION)
                .append(" histogram\n");
        snapshots.forEach((labels, snapshot) -> {
            String rendered = labels.render();
            for (int i = 0; i < BUCKETS.length; i++) {
                bucket(text, rendered, Double.toString(BUCKETS[i]), snapshot.buckets[i]);
            }
            bucket(text, rendered, "+Inf", snapshot.count);
            text.append(DURATION)
                    .append("_sum{")
                    .append(rendered)
                    .append("} ")
                    .append(snapshot.sum)
                    .append('\n');
            text.append(DURATION)
                    .append("_count{")
                    .append(rendered)
                    .append("} ")
                    .append(snapshot.count)
                    .append('\n');
        });
        return text.toString();
    }

    private static void bucket(StringBuilder text, String labels, String le, long count) {
        text.append(DURATION)
                .append("_bucket{")
                .append(labels)
                .append(",le=\"")
                .append(le)
                .append("\"} ")
                .append(count)
                .append('\n');
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Snapshot {
        private final long count;
        private final double sum;
        private final long[] buckets;

        Snapshot(long count, double sum, long[] buckets) {
            this.count = count;
            this.sum = sum;
            this.buckets = buckets;
        }
    }

    /** One label set. Synchronised so that a scrape never sees a bucket ahead of the count. */
    private static final class Series {
        private final long[] buckets = new long[BUCKETS.length];
        private long count;
        private double sum;

        synchronized void observe(double seconds) {
            count++;
            sum += seconds;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i]++;
                }
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(count, sum, buckets.clone());
        }
    }
}
