package dev.runway.validator.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.Series;
import dev.runway.model.command.RunChecks.Smoke;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Phase 7's smoke suite against a real JDK HTTP server standing in for the application: an orders API that wants a
 * JSON POST with the checkout bot's bearer token, an endpoint that echoes the token back, a fast health endpoint, a
 * slow one, and twenty endpoints for the pass-rate gate. The validator holds the token by name, as configured per
 * environment.
 */
class SmokeSuiteIT {

    private static final String TOKEN = "tok-4f1c9a7e-checkout";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final Map<String, String> JSON_CONTENT = Map.of("Content-Type", "application/json");
    private static final String ORDER_BODY = "{\"sku\":\"A-100\",\"quantity\":2}";

    private static HttpServer application;
    private static final ScheduledExecutorService LATE = Executors.newSingleThreadScheduledExecutor();
    private static ValidationCommandHandler validator;
    private static final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

    /** One request as the application received it. */
    record Seen(String method, String path, String authorization, String contentType, String body) {}

    @BeforeAll
    static void startApplication() throws IOException {
        application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        application.createContext("/api/v1/orders", exchange -> {
            Seen request = record(exchange);
            if (!request.method().equals("POST")) {
                answer(exchange, 405, "{\"error\":\"POST only\"}");
            } else if (!BEARER.equals(request.authorization())) {
                answer(exchange, 401, "{\"error\":\"unauthorized\"}");
            } else if (!"application/json".equals(request.contentType())) {
                answer(exchange, 415, "{\"error\":\"JSON only\"}");
            } else {
                JsonNode order = RunwayJson.wire().readTree(request.body());
                answer(
                        exchange,
                        201,
                        "{\"id\":\"o-1\",\"status\":\"accepted\",\"items\":[{\"sku\":" + order.get("sku")
                                + ",\"quantity\":" + order.get("quantity") + "}]}");
            }
        });
        // an application that echoes what it was sent: the token must still not reach a report
        application.createContext("/api/v1/whoami", exchange -> {
            Seen request = record(exchange);
            answer(
                    exchange,
                    200,
                    "{\"user\":\"checkout-bot\",\"sent\":"
                            + RunwayJson.wire().writeValueAsString(request.authorization()) + "}");
        });
        application.createContext("/health", exchange -> {
            record(exchange);
            answer(exchange, 200, "{\"status\":\"healthy\"}");
        });
        application.createContext("/slow", exchange -> {
            record(exchange);
            // answered later from a scheduler, as a slow application would, holding no server thread
            ScheduledFuture<?> unused = LATE.schedule(
                    () -> {
                        try {
                            answer(exchange, 200, "{\"status\":\"healthy\"}");
                        } catch (IOException e) {
                            exchange.close();
                        }
                    },
                    60,
                    TimeUnit.MILLISECONDS);
        });
        application.createContext("/gate/", exchange -> {
            record(exchange);
            String path = exchange.getRequestURI().getPath();
            answer(exchange, path.endsWith("-broken") ? 500 : 200, "{\"ok\":true}");
        });
        application.start();
        validator = handler(
                Map.of("runway.validator.environments.\"production\".credentials.\"checkout-bot\".value", BEARER));
    }

    @AfterAll
    static void stopApplication() {
        if (application != null) {
            application.stop(0);
        }
        LATE.shutdownNow();
    }

    @BeforeEach
    void forgetRequests() {
        seen.clear();
    }

    @Test
    void aJsonPostWithTheCredentialsHeaderPassesOnItsStatusAndJsonValue() {
        EventBody verdict = carryOut(run(order("A-100", 201, "checkout-bot")));

        assertThat(verdict).isInstanceOfSatisfying(StepSucceeded.class, s -> {
            assertThat(s.summary())
                    .isEqualTo("1 of 1 checks passed (100%); place order: POST /api/v1/orders answered 201 with"
                            + " $.items[0].sku = \"A-100\"");
            assertThat(s.measurements())
                    .extracting(Measurement::name, Measurement::value)
                    .contains(tuple("place order", "201"), tuple("place order.json", "\"A-100\""));
        });
        assertThat(seen)
                .singleElement()
                .isEqualTo(new Seen("POST", "/api/v1/orders", BEARER, "application/json", ORDER_BODY));
    }

    @Test
    void aWrongStatusFailsTheCheckSayingWhatItGot() {
        ThresholdBreached breach = breached(run(order("A-100", 201, null)));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
        assertThat(breach.reason())
                .isEqualTo("0 of 1 smoke checks passed (0%), threshold 95%: place order: POST /api/v1/orders answered"
                        + " 401, expected 201");
    }

    @Test
    void aJsonValueOtherThanExpectedFailsTheCheckQuotingIt() {
        ThresholdBreached breach = breached(run(order("B-200", 201, "checkout-bot")));

        assertThat(breach.reason())
                .endsWith("place order: POST /api/v1/orders answered 201 with $.items[0].sku = \"A-100\", expected"
                        + " \"B-200\"");
    }

    @Test
    void aCredentialTheValidatorDoesNotHoldFailsTheCheckWithoutARequest() {
        ThresholdBreached breach = breached(run(order("A-100", 201, "checkout-bot")), "staging");

        assertThat(breach.reason())
                .endsWith("place order: credential checkout-bot is not configured for environment staging"
                        + " (runway.validator.environments.\"staging\".credentials.\"checkout-bot\"); no request sent");
        assertThat(breach.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(tuple("place order.credential", "not configured", Measurement.Status.ERROR));
        assertThat(seen).isEmpty();
    }

    @Test
    void aLatencySeriesSendsItsRequestsAndReportsMinAvgP95AndP99() {
        Check series = Check.latencySeries(
                "health latency",
                "/health",
                200,
                new Smoke(null, null, null, null, null, null, new Series(20, 100, 200, 500, 1000)));

        EventBody verdict = carryOut(run(Check.status("health", "/health"), series));

        assertThat(verdict).isInstanceOfSatisfying(StepSucceeded.class, s -> {
            assertThat(s.summary())
                    .matches("1 of 1 checks passed \\(100%\\); health latency: p95 \\d+ ms <= 500 ms, p99 \\d+ ms <="
                            + " 1000 ms, avg \\d+ ms <= 200 ms, min \\d+ ms <= 100 ms over 20 requests to GET /health");
            assertThat(s.measurements())
                    .extracting(Measurement::name)
                    .contains(
                            "health latency.requests",
                            "health latency.p95",
                            "health latency.p99",
                            "health latency.avg",
                            "health latency.min");
        });
        assertThat(seen).hasSize(21);
    }

    @Test
    void aSeriesSlowerThanItsLimitIsALatencyBreach() {
        Check series = Check.latencySeries(
                "slow latency",
                "/slow",
                200,
                new Smoke(null, null, null, null, null, null, new Series(5, 100, 50, 50, 1000)));

        ThresholdBreached breach = breached(run(Check.status("health", "/health"), series));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.LATENCY_ABOVE_THRESHOLD);
        assertThat(breach.reason()).matches("slow latency: p95 \\d+ ms > 50 ms, .* over 5 requests to GET /slow");
        assertThat(seen).filteredOn(r -> r.path().equals("/slow")).hasSize(5);
    }

    @Test
    void nineteenOfTwentySmokeChecksPassTheRunbooksGate() {
        EventBody verdict = carryOut(run(gate(19)));

        assertThat(verdict)
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        s -> assertThat(s.summary())
                                .startsWith("19 of 20 checks passed (95%); ")
                                .contains(
                                        "; within the 95% threshold: gate 19: GET /gate/19-broken answered 500, expected 200"));
    }

    @Test
    void eighteenOfTwentySmokeChecksFailTheGateListingBoth() {
        ThresholdBreached breach = breached(run(gate(18)));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
        assertThat(breach.reason())
                .isEqualTo("18 of 20 smoke checks passed (90%), threshold 95%: gate 18: GET /gate/18-broken answered"
                        + " 500, expected 200; gate 19: GET /gate/19-broken answered 500, expected 200");
    }

    /** Whatever the application echoes and whatever fails, the token is in no event, measurement or log record. */
    @Test
    void theCredentialsValueIsNeverInAnEventAReadingOrALog() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        Logger runway = Logger.getLogger("dev.runway");
        Logger httpClient = Logger.getLogger("jdk.internal.httpclient");
        Level runwayLevel = runway.getLevel();
        Level clientLevel = httpClient.getLevel();
        runway.setLevel(Level.ALL);
        httpClient.setLevel(Level.ALL);
        root.addHandler(capture);
        List<EventBody> reported = new ArrayList<>();
        try {
            Check echo = Check.smokeRequest(
                    "who am I",
                    "/api/v1/whoami",
                    200,
                    null,
                    new Smoke(null, null, null, "checkout-bot", "$.sent", "someone else", null));
            Check echoSeries = Check.latencySeries(
                    "who am I latency",
                    "/api/v1/whoami",
                    200,
                    new Smoke(null, null, null, "checkout-bot", null, null, new Series(3, 100, 200, 500, 1000)));
            RunChecks run = run(order("A-100", 201, "checkout-bot"), echo, echoSeries);
            validator.carryOut(command(run), reported::add);
        } finally {
            root.removeHandler(capture);
            runway.setLevel(runwayLevel);
            httpClient.setLevel(clientLevel);
        }

        assertThat(seen)
                .filteredOn(r -> r.path().equals("/api/v1/whoami"))
                .allMatch(r -> BEARER.equals(r.authorization()));
        ThresholdBreached breach = (ThresholdBreached) reported.get(1);
        assertThat(breach.reason())
                .contains("who am I: GET /api/v1/whoami answered 200 with $.sent = \"[credential checkout-bot]\","
                        + " expected \"someone else\"");
        for (EventBody body : reported) {
            Event event =
                    Event.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "validator", body);
            assertThat(RunwayJson.wire().writeValueAsString(event)).doesNotContain(TOKEN);
        }
        SimpleFormatter formatter = new SimpleFormatter();
        assertThat(logged).isNotEmpty();
        assertThat(logged)
                .extracting(r -> formatter.format(r) + " " + Arrays.toString(r.getParameters()))
                .allSatisfy(line -> assertThat(line).doesNotContain(TOKEN));
    }

    private static Check order(String expectedSku, int expectedStatus, String credential) {
        return Check.smokeRequest(
                "place order",
                "/api/v1/orders",
                expectedStatus,
                null,
                new Smoke("POST", JSON_CONTENT, ORDER_BODY, credential, "$.items[0].sku", expectedSku, null));
    }

    /** Twenty smoke checks of which the last {@code 20 - passing} answer 500. */
    private static Check[] gate(int passing) {
        Check[] checks = new Check[20];
        for (int i = 0; i < 20; i++) {
            checks[i] = Check.smokeRequest(
                    "gate " + i,
                    "/gate/" + i + (i < passing ? "" : "-broken"),
                    200,
                    null,
                    new Smoke(null, Map.of("Accept", "application/json"), null, null, "$.ok", "true", null));
        }
        return checks;
    }

    private static RunChecks run(Check... checks) {
        return new RunChecks(
                "http://localhost:" + application.getAddress().getPort(),
                List.of(checks),
                null,
                95,
                // the single-answer limit is the Assessor's, tested there; a loaded build machine must not trip it here
                60_000,
                "production",
                List.of());
    }

    private static ThresholdBreached breached(RunChecks run) {
        return breached(run, "production");
    }

    private static ThresholdBreached breached(RunChecks run, String environment) {
        RunChecks in = new RunChecks(
                run.baseUrl(),
                run.checks(),
                run.expectedVersion(),
                run.passRatePercent(),
                run.maxResponseTimeMillis(),
                environment,
                run.notChecked());
        EventBody verdict = carryOut(in);
        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        return (ThresholdBreached) verdict;
    }

    /** The handler's verdict, after its StepStarted. */
    private static EventBody carryOut(RunChecks run) {
        List<EventBody> reported = new ArrayList<>();
        validator.carryOut(command(run), reported::add);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(StepStarted.class);
        return reported.get(1);
    }

    private static Command command(RunChecks run) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.SMOKE_TESTING, run);
    }

    private static Seen record(HttpExchange exchange) throws IOException {
        Seen request = new Seen(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(request);
        return request;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ValidationCommandHandler handler(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("runway.validator.request-timeout", "10s");
        return ValidatorFixtures.handler(all);
    }
}
