package dev.runway.rollout.cache;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A CDN edge on a JDK HTTP server: {@code /health} answers 200 with the {@code X-Cache} value of each request. */
public final class EdgeStandIn implements AutoCloseable {

    /** CloudFront's values: the first request after an invalidation misses, the next ones hit. */
    public static final IntFunction<String> MISS_THEN_HIT =
            n -> n == 1 ? "Miss from cloudfront" : "Hit from cloudfront";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    /** @param xCache the header for the n-th request (1, 2, ...); null sends none */
    public EdgeStandIn(IntFunction<String> xCache) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", exchange -> {
            String value = xCache.apply(requests.incrementAndGet());
            if (value != null) {
                exchange.getResponseHeaders().add("X-Cache", value);
            }
            byte[] body = "{\"status\":\"UP\",\"version\":\"1.4.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public URI health() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
