package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Following over real HTTP: an in-process server plays the coordinator's event stream, drops it in the middle of a
 * release, and answers the reconnect with where the release has got to.
 */
class FollowIT {

    private static final String ID = "7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f";

    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDroppedStreamIsReconnectedAndNothingIsShownTwice() {
        server.createContext("/releases/" + ID + "/events", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            if (connections.incrementAndGet() == 1) {
                stream(
                        exchange,
                        release("RUNNING", "RUNNING", null),
                        ": keep-alive\n\n",
                        "event: transition\nid: 11\ndata: {\"sequence\":11,\"status\":\"RUNNING\",\"phase\":"
                                + "\"APPLICATION_DEPLOYMENT\",\"phaseStatus\":\"RUNNING\",\"reason\":\"2 of 3 updated"
                                + " replicas are available\"}\n\n",
                        release("RUNNING", "RUNNING", null));
            } else {
                stream(exchange, release("RUNNING", "RUNNING", null), release("COMPLETED", "SUCCEEDED", 12_300L));
            }
        });

        int exit = follow();

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "Release " + ID + ": shop 1.4.0 to production, requested by dana",
                        "[ RUN  ] Phase 3    Application deployment     RUNNING     rollout started",
                        "[ RUN  ] Phase 3    Application deployment     RUNNING     2 of 3 updated replicas are available",
                        "[  OK  ] Phase 3    Application deployment     SUCCEEDED   12.3 s    rolled out",
                        "Release " + ID + " COMPLETED after 41.0 s");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the coordinator closed the event stream; reconnecting in 500 ms");
        assertThat(lastEventIds).containsExactly("null", "11");
    }

    @Test
    void anUnknownReleaseIsAnErrorWithTheCoordinatorsProblem() {
        server.createContext("/releases/" + ID + "/events", exchange -> answer(exchange, 404, """
                {"title":"No such release","status":404,"detail":"no release with id %s"}""".formatted(ID)));

        assertThatThrownBy(this::follow)
                .isInstanceOf(CliException.class)
                .hasMessage("error: No such release (HTTP 404)" + System.lineSeparator() + "  no release with id " + ID)
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void aRefusedTokenEndsFollowingAsNotSignedIn() {
        server.createContext("/releases/" + ID + "/events", exchange -> answer(exchange, 401, ""));

        assertThatThrownBy(this::follow)
                .isInstanceOf(CliException.class)
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.NOT_SIGNED_IN);
    }

    private int follow() {
        Api api = new Api("http://127.0.0.1:" + server.getAddress().getPort(), "token");
        try (Screen screen = Screen.plain(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))) {
            return new Follower(screen, ID, false).follow(api);
        }
    }

    private static String release(String status, String phaseStatus, Long millis) {
        String notes = "RUNNING".equals(phaseStatus) ? "rollout started" : "rolled out";
        return "event: release\ndata: {\"id\":\"" + ID + "\",\"application\":\"shop\",\"environment\":\"production\","
                + "\"version\":\"1.4.0\",\"requestedBy\":\"dana\",\"status\":\"" + status + "\",\"durationSeconds\":"
                + ("COMPLETED".equals(status) ? "41" : "null") + ",\"timeline\":[{\"stage\":\"APPLICATION_DEPLOYMENT\","
                + "\"phase\":\"Phase 3\",\"task\":\"Application deployment\",\"status\":\"" + phaseStatus + "\","
                + "\"durationMillis\":" + millis + ",\"notes\":\"" + notes + "\"}]}\n\n";
    }

    private static void stream(HttpExchange exchange, String... events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            for (String event : events) {
                body.write(event.getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }
}
