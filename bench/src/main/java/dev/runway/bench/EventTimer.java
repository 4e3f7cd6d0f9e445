package dev.runway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's own timer of event handling ({@code runway.events.handled}, from the consumer receiving an event
 * to its transaction committed; its commands are sent after it, while the next event is handled), read from {@code /q/metrics}. Two readings give the
 * histogram of the events between them; percentiles are the upper bounds of their buckets.
 */
final class EventTimer {

    private static final String NAME = "runway_events_handled_seconds";
    private static final Pattern BUCKET = Pattern.compile("^" + NAME + "_bucket\\{.*le=\"([^\"]+)\".*\\}\\s+(\\S+)$");
    private static final Pattern COUNT = Pattern.compile("^" + NAME + "_count(\\{.*\\})?\\s+(\\S+)$");
    private static final Pattern SUM = Pattern.compile("^" + NAME + "_sum(\\{.*\\})?\\s+(\\S+)$");
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{.*area=\"heap\".*\\}\\s+(\\S+)$");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One reading: cumulative counts per bucket bound (seconds), count, sum (seconds), heap used (bytes). */
    record Reading(TreeMap<Double, Double> buckets, double count, double sum, double heapBytes) {

        Delta since(Reading before) {
            TreeMap<Double, Double> diff = new TreeMap<>();
            buckets.forEach((le, n) -> diff.put(le, n - before.buckets.getOrDefault(le, 0.0)));
            return new Delta(diff, count - before.count, sum - before.sum);
        }
    }

    record Delta(TreeMap<Double, Double> buckets, double count, double sum) {

        /** Upper bound (ms) of the bucket holding the given percentile. */
        double ms(double percentile) {
            if (count <= 0) {
                return Double.NaN;
            }
            double rank = Math.ceil(percentile / 100.0 * count);
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (bucket.getValue() >= rank) {
                    return bucket.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        double meanMs() {
            return count <= 0 ? Double.NaN : sum / count * 1000;
        }
    }

    private final String metricsUrl;

    EventTimer(String coordinatorUrl) {
        this.metricsUrl = coordinatorUrl + "/q/metrics";
    }

    Reading read() {
        String text;
        try {
            text = HTTP.send(
                            HttpRequest.newBuilder(URI.create(metricsUrl))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + metricsUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0, sum = 0, heap = 0;
        for (String line : text.split("\n")) {
            Matcher m;
            // every series of the timer (one per outcome tag) is added up
            if ((m = BUCKET.matcher(line)).matches()) {
                double le = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
            } else if ((m = COUNT.matcher(line)).matches()) {
                count += Double.parseDouble(m.group(2));
            } else if ((m = SUM.matcher(line)).matches()) {
                sum += Double.parseDouble(m.group(2));
            } else if ((m = HEAP.matcher(line)).matches()) {
                heap += Double.parseDouble(m.group(1));
            }
        }
        return new Reading(buckets, count, sum, heap);
    }
}
