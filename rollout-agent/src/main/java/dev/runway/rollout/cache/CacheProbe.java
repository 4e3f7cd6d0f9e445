package dev.runway.rollout.cache;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Runbook Step 6.3: once a cache is cleared, the first request for a URL must miss it and the second hit it, as the
 * cache's response header says ({@code X-Cache: Miss from cloudfront}, then {@code Hit from cloudfront}). Never throws.
 */
@ApplicationScoped
public class CacheProbe {

    // redirects are not followed: the header of a redirect's target would speak for another URL
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public Result probe(URI url, String header, Duration timeout) {
        try {
            String first = request(url, header, timeout);
            String second = request(url, header, timeout);
            return new Result(first, second, null);
        } catch (IOException e) {
            return new Result(
                    null,
                    null,
                    "GET %s failed: %s".formatted(shown(url), e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, null, "interrupted while probing " + shown(url));
        }
    }

    /** The header's value; null when the response has none. */
    private String request(URI url, String header, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(url).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue(header).orElse(null);
    }

    /** Scheme, host, port and path: user information or a query string may carry a secret. */
    public static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /**
     * @param first  the header of the first answer; null when it had none
     * @param second the header of the second answer; null when it had none
     * @param error  null when both requests were answered
     */
    public record Result(String first, String second, String error) {

        public boolean missThenHit() {
            return error == null && contains(first, "miss") && contains(second, "hit");
        }

        private static boolean contains(String value, String word) {
            return value != null && value.toLowerCase(Locale.ROOT).contains(word);
        }
    }
}
