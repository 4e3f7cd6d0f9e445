package dev.runway.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.runway.infra.KafkaTestClient.concludedTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.worker.CommandIntake;
import dev.runway.worker.EventPublisher;
import dev.runway.worker.HandledCommands;
import dev.runway.worker.KafkaHandledLog;
import dev.runway.worker.WorkerConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator on a real Kafka broker, measuring a WireMock stand-in for the released application. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ValidationMessagingIT {

    private static final Check HEALTH = Check.status("health", "/health");
    private static final Check READY = Check.status("ready", "/ready");
    private static final Check LIVE = Check.status("live", "/live");
    private static final Check VERSION = new Check("version", CheckKind.VERSION_REPORTED, "/health", 200, null);
    private static final Check METRICS = new Check("metrics", CheckKind.PROMETHEUS_METRICS, "/metrics", 200, null);

    private static WireMockServer application;

    @Inject
    ValidationCommandHandler checks;

    @Inject
    EventPublisher publisher;

    @Inject
    WorkerConfig workerConfig;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    private final KafkaTestClient kafka =
            new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    @BeforeAll
    static void startApplication() {
        application = new WireMockServer(options().dynamicPort());
        application.start();
    }

    @AfterAll
    static void stopApplication() {
        application.stop();
    }

    @Test
    void aHealthyApplicationSucceedsWithTheVersionItReports() {
        String base = app();
        stub(base + "/health", 200, "{\"status\":\"healthy\",\"version\":\"v1.4.0\"}");
        stub(base + "/ready", 200, "ready");
        stub(base + "/live", 200, "live");
        stub(base + "/metrics", 200, "# HELP up Up\n# TYPE up gauge\nup 1\n");
        Command command = command(new RunChecks(
                application.baseUrl() + base, List.of(HEALTH, READY, LIVE, VERSION, METRICS), "1.4.0", 100, 2000));
        kafka.send(command);

        List<Event> events = kafka.events(command.releaseId(), concludedTimes(1));

        assertThat(events.get(0).body()).isInstanceOf(StepStarted.class);
        StepSucceeded done = concluding(events, StepSucceeded.class);
        assertThat(done.outputs())
                .containsEntry(StepSucceeded.Outputs.REPORTED_VERSION, "v1.4.0")
                .containsEntry(StepSucceeded.Outputs.PASSED, "5")
                .containsEntry(StepSucceeded.Outputs.TOTAL, "5");
        assertThat(done.measurements())
                .extracting(m -> m.name())
                .contains("health", "ready", "live", "version", "version.version", "metrics", "metrics.responseTime");
    }

    @Test
    void aHealthEndpointAnswering503IsAFailedHealthCheck() {
        String base = app();
        stub(base + "/health", 503, "{\"status\":\"unhealthy\"}");
        stub(base + "/ready", 200, "ready");
        Command command = command(new RunChecks(application.baseUrl() + base, List.of(HEALTH, READY), null, 100, 2000));
        kafka.send(command);

        ThresholdBreached breached =
                concluding(kafka.events(command.releaseId(), concludedTimes(1)), ThresholdBreached.class);

        assertThat(breached.trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
        assertThat(breached.reason()).isEqualTo("/health answered 503, expected 200");
    }

    @Test
    void anApplicationNobodyListensForIsUnresponsive() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Command command =
                command(new RunChecks("http://127.0.0.1:" + closedPort, List.of(HEALTH, READY, LIVE), null, 100, 2000));
        kafka.send(command);

        ThresholdBreached breached =
                concluding(kafka.events(command.releaseId(), concludedTimes(1)), ThresholdBreached.class);

        assertThat(breached.trigger()).isEqualTo(RollbackTrigger.APPLICATION_UNRESPONSIVE);
        assertThat(breached.reason())
                .startsWith("the application at http://127.0.0.1:" + closedPort + " did not answer any of 3 check(s)");
        assertThat(breached.measurements())
                .filteredOn(m -> m.unit().equals("http_status"))
                .allMatch(m -> m.status() == dev.runway.model.event.Measurement.Status.ERROR);
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutCountsAsNoAnswer() {
        String base = app();
        application.stubFor(get(urlPathMatching(base + "/health"))
                .willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(4000)));
        Command command = command(new RunChecks(application.baseUrl() + base, List.of(HEALTH), null, 100, 10000));
        kafka.send(command);

        ThresholdBreached breached =
                concluding(kafka.events(command.releaseId(), concludedTimes(1)), ThresholdBreached.class);

        assertThat(breached.trigger()).isEqualTo(RollbackTrigger.APPLICATION_UNRESPONSIVE);
        assertThat(breached.reason()).contains("HttpTimeoutException");
        assertThat(breached.measurements())
                .filteredOn(m -> m.name().equals("health.responseTime"))
                .allMatch(m -> Long.parseLong(m.value()) < 4000);
    }

    @Test
    void eighteenOfTwentySmokeChecksIsBelowTheThreshold() {
        String base = app();
        List<Check> checks = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> {
            checks.add(Check.status("smoke-" + i, "/smoke/" + i));
            stub(base + "/smoke/" + i, i < 18 ? 200 : 500, "ok");
        });
        Command command = command(new RunChecks(application.baseUrl() + base, checks, null, 95, 2000));
        kafka.send(command);

        ThresholdBreached breached =
                concluding(kafka.events(command.releaseId(), concludedTimes(1)), ThresholdBreached.class);

        assertThat(breached.trigger()).isEqualTo(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD);
        assertThat(breached.reason()).startsWith("18 of 20 smoke checks passed (90%), threshold 95%");
    }

    @Test
    void anUnreadableCommandGoesToTheDeadLetterTopicAndTheNextOneIsStillCarriedOut() {
        String marker = "not-a-command-" + UUID.randomUUID();
        kafka.sendRaw(Topics.VALIDATION_COMMANDS, "key", "{\"garbage\": \"" + marker + "\"");
        String base = app();
        stub(base + "/health", 200, "{\"version\":\"2.0.0\"}");
        Command next = command(new RunChecks(application.baseUrl() + base, List.of(VERSION), "v2.0.0", 100, 2000));
        kafka.send(next);

        concluding(kafka.events(next.releaseId(), concludedTimes(1)), StepSucceeded.class);
        assertThat(kafka.rawValues(
                        Topics.deadLetter(Topics.VALIDATION_COMMANDS),
                        values -> values.stream().anyMatch(v -> v.contains(marker))))
                .isNotEmpty();
    }

    @Test
    void aRedeliveredCommandIsCheckedAndAnsweredOnce() {
        String base = app();
        stub(base + "/health", 200, "ok");
        Command command = command(new RunChecks(application.baseUrl() + base, List.of(HEALTH), null, 100, 2000));
        Command later = command(new RunChecks(application.baseUrl() + base, List.of(HEALTH), null, 100, 2000));
        Command laterOfSameRelease =
                Command.of(later.commandId(), command.releaseId(), later.issuedAt(), later.phase(), later.body());
        kafka.send(command);
        kafka.send(command);
        // same partition, so once this one is answered the redelivery above has been read too
        kafka.send(laterOfSameRelease);

        // the redelivery publishes the recorded conclusion again, same event id, which the coordinator drops
        List<Event> events = kafka.events(command.releaseId(), concludedTimes(3));

        assertThat(events.stream().filter(e -> e.body().concludes()).map(Event::commandId))
                .containsExactly(command.commandId(), command.commandId(), laterOfSameRelease.commandId());
        List<Event> ofCommand = events.stream()
                .filter(e -> e.commandId().equals(command.commandId()))
                .toList();
        assertThat(ofCommand)
                .extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly("StepStarted", "StepSucceeded", "StepSucceeded");
        assertThat(ofCommand.get(2)).isEqualTo(ofCommand.get(1));
        application.verify(2, getRequestedFor(urlPathMatching(base + "/health")));
    }

    @Test
    void afterARestartARedeliveredCommandIsNotCheckedAgainAndItsConclusionIsTheOneAlreadyPublished() throws Exception {
        String base = app();
        stub(base + "/health", 200, "ok");
        Command command = command(new RunChecks(application.baseUrl() + base, List.of(HEALTH), null, 100, 2000));
        kafka.send(command);
        kafka.events(command.releaseId(), concludedTimes(1));

        // A restarted validator reads its handled-commands log and publishes the recorded conclusion again.
        try (KafkaHandledLog log = new KafkaHandledLog(
                kafkaSettings, workerConfig.handledCommands().topic(), Duration.ofSeconds(30))) {
            HandledCommands handled = new HandledCommands(log, 10);
            handled.load();
            new CommandIntake(handled, publisher, Clock.systemUTC(), "validator")
                    .accept(
                            new ConsumerRecord<>(
                                    command.topic(),
                                    0,
                                    0L,
                                    command.releaseId().toString(),
                                    RunwayJson.wire().writeValueAsString(command)),
                            checks);
        }

        List<Event> conclusions = kafka.events(command.releaseId(), concludedTimes(2)).stream()
                .filter(e -> e.body().concludes())
                .toList();
        assertThat(conclusions).hasSize(2);
        assertThat(conclusions)
                .extracting(Event::eventId)
                .containsOnly(conclusions.get(0).eventId());
        application.verify(1, getRequestedFor(urlPathMatching(base + "/health")));
    }

    /** A path prefix of its own, so each test's stubs stay apart. */
    private static String app() {
        return "/apps/" + UUID.randomUUID();
    }

    private static void stub(String path, int status, String body) {
        application.stubFor(get(urlPathMatching(path))
                .willReturn(aResponse().withStatus(status).withBody(body)));
    }

    private static Command command(RunChecks body) {
        return Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.SERVICE_VALIDATION, body);
    }

    private static <T extends EventBody> T concluding(List<Event> events, Class<T> type) {
        EventBody last = events.stream()
                .filter(e -> e.body().concludes())
                .reduce((a, b) -> b)
                .orElseThrow()
                .body();
        assertThat(last).isInstanceOf(type);
        return type.cast(last);
    }
}
