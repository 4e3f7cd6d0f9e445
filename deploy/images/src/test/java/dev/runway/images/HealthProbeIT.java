package dev.runway.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeIT {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/q/health/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void passesOnTwoHundred() {
        assertThat(HealthProbe.probe(url("/q/health/ready"))).isTrue();
    }

    @Test
    void failsOnAnErrorStatusANotFoundAndNoServer() {
        assertThat(HealthProbe.probe(url("/q/health/down"))).isFalse();
        assertThat(HealthProbe.probe(url("/nothing-here"))).isFalse();
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/q/health/ready"))
                .isFalse();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
