package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Phase 9's Step 9.3 against a real HTTP server standing in for the application: each integration's health URL, with
 * the admin credential the validator holds by name.
 */
class IntegrationHealthIT {

    private static final String TOKEN = "Bearer integration-admin-token-7f3a";
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static HttpServer application;
    private static ValidationCommandHandler handler;

    @BeforeAll
    static void start() throws IOException {
        application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        application.createContext("/api/v1/integrations/", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String name = exchange.getRequestURI().getPath().split("/")[4];
            String body = switch (name) {
                case "payments" -> "{\"status\":\"connected\",\"latency_ms\":42}";
                case "email" -> "{\"status\":\"disconnected\",\"latency_ms\":0}";
                default -> "{\"status\":\"connected\",\"latency_ms\":2500}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        application.start();
        handler = ValidatorFixtures.handler(
                Map.of("runway.validator.environments.\"production\".credentials.\"admin\".value", TOKEN));
    }

    @AfterAll
    static void stop() {
        application.stop(0);
    }

    @Test
    void aConnectedIntegrationPassesWithItsLatencyAndTheCredentialSent() {
        EventBody verdict = ValidatorFixtures.verdict(handler, Phase.POST_DEPLOYMENT_VERIFICATION, run("payments"));

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) verdict).summary())
                .contains("integration payments: connected, latency_ms 42 < 1000");
        assertThat(AUTHORIZATIONS).contains(TOKEN);
        assertThat(ValidatorFixtures.json(verdict)).doesNotContain(TOKEN);
    }

    @Test
    void aDisconnectedOrSlowIntegrationIsABreachNamingIt() {
        EventBody disconnected =
                ValidatorFixtures.verdict(handler, Phase.POST_DEPLOYMENT_VERIFICATION, run("payments", "email"));
        EventBody slow = ValidatorFixtures.verdict(handler, Phase.POST_DEPLOYMENT_VERIFICATION, run("search"));

        assertThat(disconnected).isInstanceOfSatisfying(ThresholdBreached.class, breach -> {
            assertThat(breach.trigger()).isEqualTo(RollbackTrigger.INTEGRATION_UNHEALTHY);
            assertThat(breach.reason())
                    .contains("integration email")
                    .contains("\"disconnected\", expected \"connected\"");
        });
        assertThat(slow)
                .isInstanceOfSatisfying(
                        ThresholdBreached.class,
                        breach -> assertThat(breach.reason())
                                .contains("integration search: connected, latency_ms 2500 >= 1000"));
    }

    private static RunChecks run(String... integrations) {
        List<Check> checks = Arrays.stream(integrations)
                .map(name -> Check.integrationHealth(
                        "integration " + name, "/api/v1/integrations/" + name + "/health", "admin"))
                .toList();
        return new RunChecks(
                "http://127.0.0.1:" + application.getAddress().getPort(),
                checks,
                null,
                100,
                5_000,
                "production",
                List.of());
    }
}
