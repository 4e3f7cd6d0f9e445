package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.command.Command;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.event.CommandRefused;
import dev.runway.model.event.Event;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CommandIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:21:00Z");

    private final List<Event> published = new ArrayList<>();
    private final AtomicInteger carriedOut = new AtomicInteger();
    private final ListHandledLog log = new ListHandledLog();
    private final CommandIntake intake = intakeOver(log.restarted(100));

    private final CommandHandler handler = (command, reporter) -> {
        carriedOut.incrementAndGet();
        reporter.report(new StepStarted("rolling back"));
        reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
    };

    private final Command command = Command.of(
            UUID.randomUUID(),
            UUID.randomUUID(),
            NOW,
            Phase.DATABASE_MIGRATION,
            new RollBackMigration("shop", "runway-shop"));

    @Test
    void publishesWhatTheHandlerReportsAsAnswersToTheCommand() throws Exception {
        intake.accept(record(json(command)), handler);

        assertThat(published).hasSize(2).allSatisfy(event -> {
            assertThat(event.commandId()).isEqualTo(command.commandId());
            assertThat(event.releaseId()).isEqualTo(command.releaseId());
            assertThat(event.source()).isEqualTo("migrator");
            assertThat(event.occurredAt()).isEqualTo(NOW);
        });
        assertThat(published.get(1).body()).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void aRedeliveredCommandIsNotCarriedOutAgainAndItsConclusionIsPublishedUnchanged() throws Exception {
        intake.accept(record(json(command)), handler);

        intake.accept(record(json(command)), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).hasSize(3);
        assertThat(published.get(2)).isEqualTo(published.get(1));
    }

    @Test
    void aRedeliveryWhileTheCommandIsStillInProgressIsIgnored() throws Exception {
        String payload = json(command);
        intake.accept(record(payload), (first, reporter) -> {
            intake.accept(record(payload), handler);
            reporter.report(new StepSucceeded("done", List.of(), Map.of()));
        });

        assertThat(carriedOut).hasValue(0);
        assertThat(published).singleElement().extracting(Event::body).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void aCommandThatCouldNotBeAnsweredIsTriedAgainOnRedelivery() throws Exception {
        String payload = json(command);
        assertThatThrownBy(() -> intake.accept(record(payload), (c, reporter) -> {
                    throw new IllegalStateException("broker unavailable");
                }))
                .isInstanceOf(IllegalStateException.class);

        intake.accept(record(payload), handler);

        assertThat(carriedOut).hasValue(1);
    }

    @Test
    void aCommandIsRecordedInProgressBeforeItsHandlerRunsAndConcludedBeforeItsConclusionIsPublished() throws Exception {
        List<String> order = new ArrayList<>();
        CommandIntake observed = new CommandIntake(
                log.restarted(100),
                event -> {
                    published.add(event);
                    order.add("published " + event.body().getClass().getSimpleName() + " with log "
                            + log.records.stream().map(r -> r.state().name()).toList());
                },
                Clock.fixed(NOW, ZoneOffset.UTC),
                "migrator");

        observed.accept(record(json(command)), (c, reporter) -> {
            order.add("handler ran with log "
                    + log.records.stream().map(r -> r.state().name()).toList());
            reporter.report(new StepStarted("rolling back"));
            reporter.report(new StepSucceeded("rolled back", List.of(), Map.of()));
        });

        assertThat(order)
                .containsExactly(
                        "handler ran with log [IN_PROGRESS]",
                        "published StepStarted with log [IN_PROGRESS]",
                        "published StepSucceeded with log [IN_PROGRESS, CONCLUDED]");
        assertThat(log.records.get(1).concluding()).isEqualTo(published.get(1));
    }

    @Test
    void afterARestartARedeliveredConcludedCommandRepublishesItsConcludingEventAndDoesNothingElse() throws Exception {
        intake.accept(record(json(command)), handler);
        Event concluding = published.get(1);

        intakeOver(log.restarted(100)).accept(record(json(command)), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).hasSize(3);
        assertThat(published.get(2)).isEqualTo(concluding);
    }

    @Test
    void afterARestartACommandThatWasInProgressIsCarriedOutAgain() throws Exception {
        intake.accept(record(json(command)), (c, reporter) -> reporter.report(new StepStarted("rolling back")));

        intakeOver(log.restarted(100)).accept(record(json(command)), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).last().extracting(Event::body).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void aConclusionTheBrokerDidNotTakeIsPublishedOnRedelivery() throws Exception {
        List<Event> refusedOnce = new ArrayList<>();
        CommandIntake failing = new CommandIntake(
                log.restarted(100),
                event -> {
                    if (event.body().concludes() && refusedOnce.isEmpty()) {
                        refusedOnce.add(event);
                        throw new IllegalStateException("broker unavailable");
                    }
                    published.add(event);
                },
                Clock.fixed(NOW, ZoneOffset.UTC),
                "migrator");
        assertThatThrownBy(() -> failing.accept(record(json(command)), handler))
                .isInstanceOf(IllegalStateException.class);

        failing.accept(record(json(command)), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).last().isEqualTo(refusedOnce.get(0));
    }

    @Test
    void anExpiredCommandIsRefusedConcludedAndNotCarriedOut() throws Exception {
        Command expired = command.expiringAt(NOW.minusSeconds(60));

        intake.accept(record(json(expired)), handler);

        assertThat(carriedOut).hasValue(0);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.commandId()).isEqualTo(command.commandId());
            assertThat(event.body())
                    .isEqualTo(new CommandRefused("expired at 2026-11-26T14:20:00Z; read at 2026-11-26T14:21:00Z"));
        });
        assertThat(log.records)
                .singleElement()
                .satisfies(record -> assertThat(record.concluding()).isEqualTo(published.get(0)));
    }

    @Test
    void aCommandInterruptedByARestartIsCarriedOutAgainEvenPastItsDeadline() throws Exception {
        String expired = json(command.expiringAt(NOW.minusSeconds(60)));
        HandledCommands before = log.restarted(100);
        before.claim(command.commandId());
        before.inProgress(command);

        intakeOver(log.restarted(100)).accept(record(expired), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).last().extracting(Event::body).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void aCommandInterruptedByARestartIsResumedOnceWithoutARedelivery() throws Exception {
        HandledCommands before = log.restarted(100);
        before.claim(command.commandId());
        before.inProgress(command);
        HandledCommands restarted = log.restarted(100);
        CommandIntake after = intakeOver(restarted);

        restarted.interrupted().forEach(interrupted -> after.resume(interrupted, handler));
        after.accept(record(json(command)), handler);

        assertThat(carriedOut).hasValue(1);
        assertThat(published).hasSize(3);
        assertThat(published.get(2)).isEqualTo(published.get(1));
    }

    @Test
    void aCommandResumedAfterARestartKnowsWhichPartsItsEarlierRunCheckpointed() throws Exception {
        List<String> posted = new ArrayList<>();
        CommandHandler postsThenStops = (c, reporter) -> {
            if (reporter.checkpointed("chat").isEmpty()) {
                posted.add("chat");
                reporter.checkpoint("chat", "delivered (200)");
            }
            if (posted.size() == 1 && reporter.checkpointed("paging").isEmpty()) {
                // the worker dies here, after the chat post was recorded and before the page
                return;
            }
            reporter.report(
                    new StepSucceeded("chat " + reporter.checkpointed("chat").orElseThrow(), List.of(), Map.of()));
        };
        intakeOver(log.restarted(100)).accept(record(json(command)), postsThenStops);
        HandledCommands restarted = log.restarted(100);
        CommandIntake after = intakeOver(restarted);
        posted.add("restart");

        restarted.interrupted().forEach(interrupted -> after.resume(interrupted, postsThenStops));

        assertThat(posted).containsExactly("chat", "restart");
        assertThat(published)
                .last()
                .extracting(Event::body)
                .isEqualTo(new StepSucceeded("chat delivered (200)", List.of(), Map.of()));
    }

    @Test
    void aRedeliveryThatTookTheInterruptedCommandOnFirstLeavesNothingToResume() throws Exception {
        HandledCommands before = log.restarted(100);
        before.claim(command.commandId());
        before.inProgress(command);
        HandledCommands restarted = log.restarted(100);
        CommandIntake after = intakeOver(restarted);
        List<Command> interrupted = restarted.interrupted();

        after.accept(record(json(command)), handler);
        interrupted.forEach(c -> after.resume(c, handler));

        assertThat(carriedOut).hasValue(1);
    }

    @Test
    void anInterruptedCommandPastItsDeadlineIsNotResumedSinceTheReleaseHasGivenUpOnIt() {
        Command expiring = command.expiringAt(NOW.minusSeconds(60));
        HandledCommands before = log.restarted(100);
        before.claim(expiring.commandId());
        before.inProgress(expiring);
        HandledCommands restarted = log.restarted(100);

        restarted.interrupted().forEach(c -> intakeOver(restarted).resume(c, handler));

        assertThat(carriedOut).hasValue(0);
        assertThat(published).isEmpty();
    }

    @Test
    void aCommandReadBeforeItsDeadlineIsCarriedOut() throws Exception {
        intake.accept(record(json(command.expiringAt(NOW))), handler);

        assertThat(carriedOut).hasValue(1);
    }

    @Test
    void aRedeliveredExpiredCommandRepublishesItsRefusal() throws Exception {
        String expired = json(command.expiringAt(NOW.minusSeconds(60)));
        intake.accept(record(expired), handler);

        intakeOver(log.restarted(100)).accept(record(expired), handler);

        assertThat(carriedOut).hasValue(0);
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).isEqualTo(published.get(0));
    }

    @Test
    void anUnsupportedSchemaVersionIsRejectedNamingTheVersion() throws Exception {
        String newer = json(command).replace("\"schemaVersion\":1", "\"schemaVersion\":2");

        assertThatThrownBy(() -> intake.accept(record(newer), handler))
                .isInstanceOf(RejectedCommand.class)
                .hasMessage("schema version 2 is not supported; this worker reads version 1");
        assertThat(carriedOut).hasValue(0);
    }

    @Test
    void aNewerSchemaVersionIsNamedEvenWhenItsBodyIsUnknownHere() {
        String newer = "{\"schemaVersion\":2,\"body\":{\"type\":\"ScaleDeployment\"}}";

        assertThatThrownBy(() -> intake.accept(record(newer), handler))
                .hasMessage("schema version 2 is not supported; this worker reads version 1");
    }

    @Test
    void aCommandWithoutSchemaVersionIsRejected() throws Exception {
        String unversioned = json(command).replace("\"schemaVersion\":1,", "");

        assertThatThrownBy(() -> intake.accept(record(unversioned), handler))
                .isInstanceOf(RejectedCommand.class)
                .hasMessage("it has no integer schemaVersion");
    }

    @Test
    void malformedJsonIsRejectedWithoutQuotingThePayload() {
        String malformed = "{\"schemaVersion\":1,\"body\": hunter2";

        assertThatThrownBy(() -> intake.accept(record(malformed), handler))
                .isInstanceOf(RejectedCommand.class)
                .hasMessageStartingWith("it is not JSON (")
                .hasMessageContaining("line 1")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aVersionOneRecordThatIsNotACommandIsRejectedNamingWhereItBroke() {
        String secret = "redis://:hunter2@cache:6379";
        String wrong = "{\"schemaVersion\":1,\"commandId\":\"" + secret + "\"}";

        assertThatThrownBy(() -> intake.accept(record(wrong), handler))
                .isInstanceOf(RejectedCommand.class)
                .hasMessageStartingWith("it is not a version 1 command (")
                .hasMessageContaining("commandId")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anEmptyRecordIsRejected() {
        assertThatThrownBy(() -> intake.accept(record(null), handler))
                .isInstanceOf(RejectedCommand.class)
                .hasMessage("the record is empty");
    }

    private CommandIntake intakeOver(HandledCommands handled) {
        return new CommandIntake(handled, published::add, Clock.fixed(NOW, ZoneOffset.UTC), "migrator");
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>(Topics.MIGRATION_COMMANDS, 0, 42L, "key", value);
    }

    private static String json(Command command) throws JsonProcessingException {
        return RunwayJson.wire().writeValueAsString(command);
    }
}
