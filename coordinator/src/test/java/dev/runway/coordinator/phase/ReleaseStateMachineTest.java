package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.ApplyConfiguration;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.InvalidateCaches;
import dev.runway.model.command.RestoreConfiguration;
import dev.runway.model.command.RollBackDeployment;
import dev.runway.model.command.RollBackMigration;
import dev.runway.model.command.RollOutDeployment;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DatabaseChange;
import dev.runway.model.spec.GoNoGoVote;
import dev.runway.model.spec.GoNoGoVote.Decision;
import dev.runway.model.spec.GoNoGoVote.Role;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.ServiceTarget;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseStateMachineTest {

    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    static final UUID RELEASE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final ReleaseStateMachine MACHINE = new ReleaseStateMachine(new ProductionRunbook());

    static ReleaseSpec spec(boolean migrations, boolean configuration, boolean caches) {
        return spec(migrations, configuration, caches, allGo());
    }

    static ReleaseSpec spec(boolean migrations, boolean configuration, boolean caches, List<GoNoGoVote> votes) {
        return new ReleaseSpec(
                "shop",
                "production",
                "1.4.0",
                "Dana Lead",
                new ImageSpec("registry.sandbox.local/shop", "1.4.0", "sha256:" + "a".repeat(64)),
                new KubernetesTarget("production", "shop", "shop"),
                new ServiceTarget("http://127.0.0.1:18080/apps/production/shop"),
                migrations
                        ? new DatabaseChange(
                                "shop", List.of(new Migration("001", "add column", "ALTER …", "ALTER … DROP")))
                        : null,
                configuration ? new ConfigurationChange("shop-config", Map.of("FEATURE", "on"), true) : null,
                caches ? List.of(new CacheTarget(CacheType.REDIS, "sessions")) : List.of(),
                List.of(new SmokeCheck("home", "/", 200, null)),
                votes,
                new Thresholds(60, 600, 600, 95, 500),
                null);
    }

    static List<GoNoGoVote> allGo() {
        return Arrays.stream(Role.values())
                .map(r -> new GoNoGoVote(r, Decision.GO, r.name().toLowerCase()))
                .toList();
    }

    /** Drives one release and remembers every command it sent. */
    static final class Run {
        final ReleaseStateMachine machine;
        ReleaseState state;
        Instant now = T0;
        final List<Command> sent = new ArrayList<>();
        Transition last;

        Run(ReleaseSpec spec) {
            this(MACHINE, spec);
        }

        Run(ReleaseStateMachine machine, ReleaseSpec spec) {
            this.machine = machine;
            record(machine.start(RELEASE, spec, now));
        }

        Transition record(Transition t) {
            last = t;
            state = t.state();
            sent.addAll(t.commands());
            return t;
        }

        Transition answer(EventBody body) {
            now = now.plusSeconds(30);
            return record(machine.on(
                    state,
                    new Input.WorkerReported(
                            Event.of(UUID.randomUUID(), RELEASE, state.pending().commandId(), now, "test", body)),
                    now));
        }

        Transition succeed() {
            return answer(new StepSucceeded("done", List.of(), Map.of()));
        }

        Transition succeed(Map<String, String> outputs) {
            return answer(new StepSucceeded("done", List.of(), outputs));
        }

        Transition tick(Instant at) {
            now = at;
            return record(machine.on(state, new Input.ClockTicked(), now));
        }

        /** Answers every awaited command with success until {@code phase} is running. */
        Run advanceTo(Phase phase) {
            while (state.phase() != phase && state.status() == ReleaseStatus.RUNNING) {
                step();
            }
            return this;
        }

        /** Answers the awaited command of a running phase with success and what that worker reports. */
        Transition step() {
            if (state.phase() == Phase.PRE_FLIGHT_CHECKS) {
                return succeed(Map.of(Outputs.REPORTED_VERSION, "1.3.2"));
            }
            if (state.phase() == Phase.APPLICATION_DEPLOYMENT) {
                return succeed(Map.of(Outputs.PREVIOUS_REVISION, "4", Outputs.REVISION, "5"));
            }
            return succeed();
        }

        CommandBody awaitedBody() {
            UUID id = state.pending().commandId();
            return sent.stream()
                    .filter(c -> c.commandId().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .body();
        }

        List<Announcement> announcements() {
            return sent.stream()
                    .map(Command::body)
                    .filter(Announce.class::isInstance)
                    .map(b -> ((Announce) b).announcement())
                    .toList();
        }

        PhaseStatus status(Phase p) {
            return state.entry(p).orElseThrow().status();
        }

        List<String> rollbackStages() {
            return state.timeline().stream()
                    .map(TimelineEntry::stage)
                    .filter(RollbackStep.class::isInstance)
                    .map(Stage::name)
                    .toList();
        }
    }

    @Test
    void startingARequestsThePreFlightChecksAndLeavesEveryOtherPhasePending() {
        Run run = new Run(spec(true, true, true));

        assertThat(run.state.status()).isEqualTo(ReleaseStatus.RUNNING);
        assertThat(run.state.phase()).isEqualTo(Phase.PRE_FLIGHT_CHECKS);
        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.checks())
                    .extracting(RunChecks.Check::path)
                    .containsExactly("/health", "/ready", "/live", "/health");
            assertThat(c.checks().get(3).kind()).isEqualTo(RunChecks.CheckKind.VERSION_REPORTED);
            assertThat(c.expectedVersion()).isNull();
            assertThat(c.passRatePercent()).isEqualTo(100);
        });
        assertThat(run.state.timeline()).hasSize(Phase.values().length);
        assertThat(run.state.timeline().subList(1, Phase.values().length))
                .allMatch(e -> e.status() == PhaseStatus.PENDING);
        assertThat(run.last.changes()).isNotEmpty();
    }

    @Test
    void aReleaseWithEveryPhaseRunsThemAllInTheRunbooksOrderAndCompletes() {
        Run run = new Run(spec(true, true, true));
        List<Class<? extends CommandBody>> awaited = new ArrayList<>();
        while (run.state.status() == ReleaseStatus.RUNNING) {
            awaited.add(run.awaitedBody().getClass());
            run.step();
        }

        assertThat(awaited)
                .containsExactly(
                        RunChecks.class,
                        RunChecks.class,
                        StartMigration.class,
                        RollOutDeployment.class,
                        ApplyConfiguration.class,
                        RunChecks.class,
                        InvalidateCaches.class,
                        RunChecks.class,
                        RunChecks.class,
                        RunChecks.class);
        assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
        assertThat(run.state.timeline()).allMatch(e -> e.status() == PhaseStatus.SUCCEEDED);
        assertThat(run.state.pending()).isNull();
        assertThat(run.state.endedAt()).isNotNull();
        assertThat(run.announcements())
                .containsExactly(Announcement.DEPLOYMENT_STARTED, Announcement.DEPLOYMENT_COMPLETE);
    }

    @Test
    void serviceValidationExpectsTheDeployedVersion() {
        Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);

        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.expectedVersion()).isEqualTo("1.4.0");
            assertThat(c.checks()).extracting(RunChecks.Check::kind).contains(RunChecks.CheckKind.VERSION_REPORTED);
        });
    }

    @Test
    void smokeTestingUsesTheSpecsChecksAndPassRate() {
        Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);

        assertThat(run.awaitedBody()).isInstanceOfSatisfying(RunChecks.class, c -> {
            assertThat(c.checks()).extracting(RunChecks.Check::name).containsExactly("home");
            assertThat(c.passRatePercent()).isEqualTo(95);
        });
    }

    @Nested
    class SkipRules {

        @Test
        void withoutMigrationsTheDatabasePhaseIsSkippedWithItsReason() {
            Run run = new Run(spec(false, true, true)).advanceTo(Phase.APPLICATION_DEPLOYMENT);

            TimelineEntry db = run.state.entry(Phase.DATABASE_MIGRATION).orElseThrow();
            assertThat(db.status()).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(db.notes()).contains("no database schema changes");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StartMigration);
        }

        @Test
        void withoutConfigurationChangesTheConfigurationPhaseIsSkipped() {
            Run run = new Run(spec(true, false, true)).advanceTo(Phase.SERVICE_VALIDATION);

            assertThat(run.state.entry(Phase.CONFIGURATION_UPDATE).orElseThrow().notes())
                    .contains("no configuration changes");
            assertThat(run.status(Phase.CONFIGURATION_UPDATE)).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof ApplyConfiguration);
        }

        @Test
        void withoutCacheTargetsCacheInvalidationIsSkipped() {
            Run run = new Run(spec(true, true, false)).advanceTo(Phase.SMOKE_TESTING);

            assertThat(run.status(Phase.CACHE_INVALIDATION)).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(run.state.entry(Phase.CACHE_INVALIDATION).orElseThrow().notes())
                    .contains("no cache targets");
            assertThat(run.sent).noneMatch(c -> c.body() instanceof InvalidateCaches);
        }

        @Test
        void allThreeSkipsTogetherStillComplete() {
            Run run = new Run(spec(false, false, false));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.timeline())
                    .filteredOn(e -> e.status() == PhaseStatus.SKIPPED)
                    .extracting(e -> e.stage().name())
                    .containsExactly("DATABASE_MIGRATION", "CONFIGURATION_UPDATE", "CACHE_INVALIDATION");
        }
    }

    @Nested
    class GoNoGo {

        @Test
        void consensusOfAllFourRolesIsAGo() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.DEPLOYMENT_START);

            assertThat(run.status(Phase.GO_NO_GO)).isEqualTo(PhaseStatus.SUCCEEDED);
            assertThat(run.announcements()).containsExactly(Announcement.DEPLOYMENT_STARTED);
        }

        @Test
        void oneNoGoAbortsBeforeAnythingChanges() {
            List<GoNoGoVote> votes = new ArrayList<>(allGo());
            votes.set(2, new GoNoGoVote(Role.DATABASE_ADMINISTRATOR, Decision.NO_GO, "Kim"));
            Run run = new Run(spec(true, false, false, votes));
            run.succeed(Map.of(Outputs.REPORTED_VERSION, "1.3.2"));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.entry(Phase.GO_NO_GO).orElseThrow().notes())
                    .contains("DATABASE_ADMINISTRATOR (Kim) voted NO-GO");
            assertThat(run.announcements()).containsExactly(Announcement.DEPLOYMENT_ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof StartMigration);
        }

        @Test
        void aMissingVoteIsNoConsensus() {
            Run run = new Run(spec(false, false, false, allGo().subList(0, 3)));
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.state.entry(Phase.GO_NO_GO).orElseThrow().notes())
                    .contains("no vote from ENGINEERING_MANAGER");
        }
    }

    @Nested
    class Failures {

        @Test
        void failedPreFlightChecksAbortWithoutRollback() {
            Run run = new Run(spec(true, true, true));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.rollbackStages()).isEmpty();
            assertThat(run.announcements()).containsExactly(Announcement.DEPLOYMENT_ABORTED);
        }

        @Test
        void failedFinalHealthCheckAtDeploymentStartAbortsWithoutRollback() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DEPLOYMENT_START);
            run.answer(new ThresholdBreached(RollbackTrigger.APPLICATION_UNRESPONSIVE, "no answer", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aFailedMigrationRollsBackOnlyTheDatabase() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.DATABASE_MIGRATION);
            run.answer(new StepFailed("migration 001 failed: syntax error", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackMigration.class,
                            m -> assertThat(m.restorePoint()).isEqualTo("runway-" + RELEASE));
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RunChecks.class);
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.rollbackStages())
                    .containsExactly(
                            "DECLARE_ROLLBACK", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK", "ANNOUNCE_ROLLBACK_COMPLETE");
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.STEP_FAILED);
        }

        @Test
        void aRolloutThatFailsBeforeChangingAnythingDoesNotRollTheApplicationBack() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepFailed("image digest mismatch", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aRolloutThatFailsHalfwayIsUndoneToTheRevisionItReported() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "1 of 3 updated replicas are available",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "7", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.answer(new StepFailed("progress deadline exceeded", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(7));
        }

        @Test
        void theRollbackPointStatedBeforeTheChangeIsKeptWhenTheSuccessNamesAnother() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "revision 4 is the rollback point",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "4", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.succeed(Map.of(Outputs.PREVIOUS_REVISION, "5", Outputs.REVISION, "5"));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));

            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(4));
        }

        @Test
        void aHealthCheckBreachAfterTheRolloutRollsEverythingBackInTheRunbooksOrder() {
            Run run = new Run(spec(true, true, true)).advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(
                    RollbackTrigger.HEALTH_CHECK_FAILED, "/health answered 503, expected 200", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.announcements())
                    .containsExactly(Announcement.DEPLOYMENT_STARTED, Announcement.ROLLBACK_INITIATED);
            Announce initiated = run.sent.stream()
                    .map(Command::body)
                    .filter(Announce.class::isInstance)
                    .map(Announce.class::cast)
                    .filter(a -> a.announcement() == Announcement.ROLLBACK_INITIATED)
                    .findFirst()
                    .orElseThrow();
            assertThat(initiated.facts())
                    .containsEntry(Announce.Facts.PREVIOUS_VERSION, "1.3.2")
                    .containsEntry(Announce.Facts.REASON, "/health answered 503, expected 200");

            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(4));
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RestoreConfiguration.class);
            run.succeed();
            assertThat(run.awaitedBody()).isInstanceOf(RollBackMigration.class);
            run.succeed();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RunChecks.class,
                            c -> assertThat(c.expectedVersion()).isEqualTo("1.3.2"));
            run.succeed();

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
            assertThat(run.status(Phase.SERVICE_VALIDATION)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_COMPLETE);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.HEALTH_CHECK_FAILED);
        }

        @ParameterizedTest(name = "{0} failing rolls back {1}")
        @MethodSource("dev.runway.coordinator.phase.ReleaseStateMachineTest#rollbackPlans")
        void eachPhaseRollsBackWhatHadChanged(Phase failing, List<String> expectedSteps, ReleaseStatus expectedEnd) {
            Run run = new Run(spec(true, true, true)).advanceTo(failing);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "broken in " + failing, List.of()));
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }

            assertThat(run.state.status()).isEqualTo(expectedEnd);
            assertThat(run.status(failing)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.rollbackStages()).containsExactlyElementsOf(expectedSteps);
        }

        @Test
        void aFailedRollbackStepEndsFailedAndPagesCritically() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.answer(
                    new ThresholdBreached(RollbackTrigger.SMOKE_TESTS_BELOW_THRESHOLD, "18 of 20 passed", List.of()));
            run.answer(new StepFailed("rollout of revision 4 timed out", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
            assertThat(run.state
                            .entry(RollbackStep.ROLL_BACK_APPLICATION)
                            .orElseThrow()
                            .status())
                    .isEqualTo(PhaseStatus.FAILED);
            assertThat(run.announcements()).endsWith(Announcement.ROLLBACK_FAILED);
        }

        @Test
        void aFailedRollbackVerificationEndsFailed() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SERVICE_VALIDATION);
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));
            run.succeed();
            run.answer(new ThresholdBreached(RollbackTrigger.VERSION_MISMATCH, "/health reports 1.4.0", List.of()));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.FAILED);
        }

        @Test
        void aRollbackPointThatIsNoRevisionIsUnknownSoAHalfwayRolloutIsNotUndoneToRevisionZero() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepProgressed(
                    "rolling out",
                    List.of(new Measurement(
                            Outputs.PREVIOUS_REVISION, "0", "revision", Measurement.Status.SUCCESSFUL, T0))));
            run.answer(new StepFailed("progress deadline exceeded", List.of()));

            assertThat(run.state.facts().previousRevision()).isEmpty();
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
            assertThat(run.sent).noneMatch(c -> c.body() instanceof RollBackDeployment);
        }

        @Test
        void aRolloutThatSucceededWithoutNamingItsRollbackPointIsUndoneToTheRevisionBeforeTheCurrentOne() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.succeed(Map.of(Outputs.REVISION, "5"));
            run.answer(new ThresholdBreached(RollbackTrigger.HEALTH_CHECK_FAILED, "503", List.of()));

            assertThat(run.state.facts().previousRevision()).isEmpty();
            assertThat(run.awaitedBody())
                    .isInstanceOfSatisfying(
                            RollBackDeployment.class,
                            r -> assertThat(r.toRevision()).isEqualTo(new RollbackPoint.BeforeCurrent().toRevision()));
        }
    }

    static Stream<Arguments> rollbackPlans() {
        List<String> all = List.of(
                "DECLARE_ROLLBACK",
                "ROLL_BACK_APPLICATION",
                "RESTORE_CONFIGURATION",
                "ROLL_BACK_DATABASE",
                "VERIFY_ROLLBACK",
                "ANNOUNCE_ROLLBACK_COMPLETE");
        List<String> dbOnly =
                List.of("DECLARE_ROLLBACK", "ROLL_BACK_DATABASE", "VERIFY_ROLLBACK", "ANNOUNCE_ROLLBACK_COMPLETE");
        return Stream.of(
                Arguments.of(Phase.PRE_FLIGHT_CHECKS, List.of(), ReleaseStatus.ABORTED),
                Arguments.of(Phase.DEPLOYMENT_START, List.of(), ReleaseStatus.ABORTED),
                Arguments.of(Phase.DATABASE_MIGRATION, dbOnly, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.APPLICATION_DEPLOYMENT, dbOnly, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.CONFIGURATION_UPDATE, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.SERVICE_VALIDATION, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.CACHE_INVALIDATION, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.SMOKE_TESTING, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.MONITORING_VALIDATION, all, ReleaseStatus.ROLLED_BACK),
                Arguments.of(Phase.POST_DEPLOYMENT_VERIFICATION, all, ReleaseStatus.ROLLED_BACK));
    }

    @Nested
    class Time {

        @Test
        void exceedingTheMaximumDurationRollsBackAndEndsAborted() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            run.tick(T0.plus(Duration.ofMinutes(60)));

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ROLLING_BACK);
            assertThat(run.state.rollback().trigger()).isEqualTo(RollbackTrigger.MAXIMUM_DURATION_EXCEEDED);
            while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
                run.succeed();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.ABORTED);
        }

        @Test
        void aTickBeforeAnyDeadlineChangesNothing() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.SMOKE_TESTING);
            ReleaseState before = run.state;
            Transition t = run.tick(run.now.plusSeconds(10));

            assertThat(t.accepted()).isFalse();
            assertThat(t.state()).isEqualTo(before);
            assertThat(t.commands()).isEmpty();
        }

        @Test
        void aWorkerSilentPastItsDeadlineFailsTheStep() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            Instant deadline = run.state.pending().deadline();
            assertThat(deadline).isEqualTo(run.now.plusSeconds(600).plus(ProductionRunbook.WORKER_GRACE));
            run.tick(deadline);

            assertThat(run.status(Phase.APPLICATION_DEPLOYMENT)).isEqualTo(PhaseStatus.FAILED);
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .contains("no answer from rollout-agent");
        }
    }

    @Nested
    class InvalidInputs {

        @Test
        void anEventForACommandNotAwaitedIsRejectedAndChangesNothing() {
            Run run = new Run(spec(false, false, false));
            ReleaseState before = run.state;
            Transition t = MACHINE.on(
                    before,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            UUID.randomUUID(),
                            T0,
                            "test",
                            new StepSucceeded("x", List.of(), Map.of()))),
                    T0);

            assertThat(t.accepted()).isFalse();
            assertThat(t.rejection()).contains("does not await");
            assertThat(t.state()).isEqualTo(before);
        }

        @Test
        void aSecondSuccessForTheSameCommandIsRejected() {
            Run run = new Run(spec(false, false, false));
            UUID preFlight = run.state.pending().commandId();
            run.succeed();
            Transition again = MACHINE.on(
                    run.state,
                    new Input.WorkerReported(Event.of(
                            UUID.randomUUID(),
                            RELEASE,
                            preFlight,
                            T0,
                            "test",
                            new StepSucceeded("x", List.of(), Map.of()))),
                    T0);

            assertThat(again.accepted()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(
                value = ReleaseStatus.class,
                names = {"COMPLETED", "ROLLED_BACK", "FAILED", "ABORTED"})
        void anEndedReleaseAcceptsNothing(ReleaseStatus terminal) {
            Run run = new Run(spec(false, false, false));
            ReleaseState ended = new ReleaseState(
                    RELEASE, run.state.spec(), terminal, null, null, run.state.timeline(), Facts.NONE, null, T0, T0);

            assertThat(MACHINE.on(ended, new Input.ClockTicked(), T0.plus(Duration.ofDays(1)))
                            .rejection())
                    .contains("ended");
        }

        @Test
        void progressIsRecordedAsNotesWithoutAdvancing() {
            Run run = new Run(spec(false, false, false)).advanceTo(Phase.APPLICATION_DEPLOYMENT);
            run.answer(new StepStarted("setting image"));
            run.answer(new StepProgressed("2 of 3 updated replicas are available", List.of()));

            assertThat(run.state.phase()).isEqualTo(Phase.APPLICATION_DEPLOYMENT);
            assertThat(run.state
                            .entry(Phase.APPLICATION_DEPLOYMENT)
                            .orElseThrow()
                            .notes())
                    .isEqualTo("2 of 3 updated replicas are available");
            assertThat(run.last.commands()).isEmpty();
        }
    }

    @Nested
    class ChangingTheRunbook {

        final ProductionRunbook production = new ProductionRunbook();

        /** The runbook's content with other phases; the rollback steps stay the production ones. */
        Runbook runbook(List<PhaseDefinition> phases) {
            return new Runbook() {
                @Override
                public List<PhaseDefinition> phases() {
                    return phases;
                }

                @Override
                public List<RollbackStep> rollbackPlan(Set<RollbackStep> undo) {
                    return production.rollbackPlan(undo);
                }

                @Override
                public Action.Await undo(RollbackStep step, Runbook.Context release) {
                    return production.undo(step, release);
                }
            };
        }

        /** A copy of the production runbook as it was before Phase 6 was written. */
        List<PhaseDefinition> withoutCacheInvalidation() {
            return production.phases().stream()
                    .filter(d -> d.phase() != Phase.CACHE_INVALIDATION)
                    .collect(Collectors.toCollection(ArrayList::new));
        }

        @Test
        void theProductionRunbookRunsEveryPhaseOnceInTheOrderOfTheRunbook() {
            assertThat(production.phases()).extracting(PhaseDefinition::phase).containsExactly(Phase.values());
        }

        @Test
        void aPhaseAddedToACopyOfTheRunbookRunsWithNoChangeToTheEngine() {
            List<PhaseDefinition> phases = withoutCacheInvalidation();
            Run before = new Run(new ReleaseStateMachine(runbook(phases)), spec(false, false, false));
            InvalidateCaches flush = new InvalidateCaches(List.of(new CacheTarget(CacheType.REDIS, "edge")));
            int afterValidation = phases.indexOf(phases.stream()
                            .filter(d -> d.phase() == Phase.SERVICE_VALIDATION)
                            .findFirst()
                            .orElseThrow())
                    + 1;
            phases.add(
                    afterValidation,
                    PhaseDefinition.of(Phase.CACHE_INVALIDATION, c -> Action.await(flush, Duration.ofMinutes(1)))
                            .changesProductionIrreversibly());

            Run run = new Run(new ReleaseStateMachine(runbook(phases)), spec(false, false, false))
                    .advanceTo(Phase.CACHE_INVALIDATION);

            assertThat(before.state.entry(Phase.CACHE_INVALIDATION)).isEmpty();
            assertThat(run.awaitedBody()).isEqualTo(flush);
            assertThat(run.state.pending().worker()).isEqualTo(Worker.ROLLOUT_AGENT);
            assertThat(run.state.pending().deadline()).isEqualTo(run.now.plus(Duration.ofMinutes(1)));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }
            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.timeline())
                    .extracting(e -> e.stage().name())
                    .containsSubsequence("SERVICE_VALIDATION", "CACHE_INVALIDATION", "SMOKE_TESTING");
        }

        @Test
        void aPhaseRemovedFromACopyOfTheRunbookIsNeitherRunNorShown() {
            Run run = new Run(new ReleaseStateMachine(runbook(withoutCacheInvalidation())), spec(true, true, true));
            while (run.state.status() == ReleaseStatus.RUNNING) {
                run.step();
            }

            assertThat(run.state.status()).isEqualTo(ReleaseStatus.COMPLETED);
            assertThat(run.state.entry(Phase.CACHE_INVALIDATION)).isEmpty();
            assertThat(run.sent).noneMatch(c -> c.body() instanceof InvalidateCaches);
        }
    }

    @Test
    void commandIdsDependOnlyOnReleaseAndStepSoAResentCommandKeepsItsId() {
        UUID first = MACHINE.start(RELEASE, spec(false, false, false), T0)
                .commands()
                .get(0)
                .commandId();
        UUID second = MACHINE.start(RELEASE, spec(false, false, false), T0.plusSeconds(5))
                .commands()
                .get(0)
                .commandId();

        assertThat(first).isEqualTo(second);
    }
}
