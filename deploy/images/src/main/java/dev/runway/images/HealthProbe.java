package dev.runway.images;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Compose's health check inside an image that has no shell and no curl: {@code java -cp /opt/runway/probe
 * dev.runway.images.HealthProbe http://localhost:8080/q/health/ready} exits 0 on a 2xx answer, 1 otherwise. Only
 * java.base, so it starts in the JRE of every Runway image.
 */
public final class HealthProbe {

    private static final int TIMEOUT_MILLIS = 4_000;

    private HealthProbe() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <url>");
            System.exit(2);
        }
        System.exit(probe(args[0]) ? 0 : 1);
    }

    static boolean probe(String url) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.transferTo(System.out);
                }
            }
            return status >= 200 && status < 300;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(url + ": " + e);
            return false;
        }
    }
}
