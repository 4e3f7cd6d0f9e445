package dev.runway.coordinator.report;

import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.ProductionRunbook;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.phase.ReleaseStateMachine;
import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.phase.Transition;
import dev.runway.model.Phase;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.StepSucceeded.Outputs;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.model.guard.Evidence;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Verdict;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.GoNoGoVote.Decision;
import dev.runway.model.spec.GoNoGoVote.Role;
import dev.runway.model.spec.ImageSpec;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.NotificationTargets;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Releases driven by the state machine, as the coordinator would, to the ends the reports describe. */
final class Releases {

    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    static final UUID RELEASE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final GuardRule IMMEDIATE = GuardRule.RUNBOOK_DEFAULTS.get(0);
    static final String SUSTAINED =
            "error-rate-immediate: error rate > 5.00% for 60 s breached: last 10.12%; query: sum(rate(...))";

    private Releases() {}

    static ReleaseSpec spec() {
        return new ReleaseSpec(
                "shop",
                "production",
                "1.4.0",
                new ImageSpec(null, "sha256:" + "a".repeat(64)),
                List.of(new Migration("001", "add column", "ALTER …", "ALTER … DROP")),
                new ConfigurationChange(Map.of("FEATURE", "on"), true),
                List.of(new SmokeCheck("home", "/", 200, null)),
                new Thresholds(60, 600, 600, 95, 500),
                null);
    }

    static ReleaseTargets targets() {
        return new ReleaseTargets(
                new KubernetesTarget("production", "shop", "shop"),
                "http://127.0.0.1:18080/apps/production/shop",
                "shop",
                "shop-config",
                List.of(new CacheTarget(CacheType.REDIS, "sessions")),
                "registry.sandbox.local/shop",
                new NotificationTargets("deployments", "shop-oncall"));
    }

    /** One release, answered step by step; every answer comes 30 s after the previous input. */
    static final class Run {
        final ReleaseStateMachine machine = new ReleaseStateMachine(new ProductionRunbook());
        final List<Command> sent = new ArrayList<>();
        ReleaseState state;
        Transition last;
        Instant now = T0;

        Run() {
            record(machine.start(RELEASE, spec(), targets(), "dana-deployer", now));
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

        Transition guard(EventBody body) {
            now = now.plusSeconds(5);
            return record(machine.on(
                    state,
                    new Input.WorkerReported(
                            Event.of(UUID.randomUUID(), RELEASE, state.guard().commandId(), now, "validator", body)),
                    now));
        }

        Transition vote(Role role, Decision decision) {
            now = now.plusSeconds(10);
            String hash = state.ballot().migrationsHash();
            String voter = role.name().toLowerCase().replace('_', '-');
            return record(machine.on(state, new Input.Voted(role, decision, voter, "checked", hash), now));
        }

        Transition tick(Instant at) {
            now = at;
            return record(machine.on(state, new Input.ClockTicked(), now));
        }

        Run advanceTo(Phase phase) {
            while (state.phase() != phase && state.status() == ReleaseStatus.RUNNING) {
                step();
            }
            return this;
        }

        /** Answers what a running phase waits for with success, as its worker would. */
        void step() {
            if (state.phase() == Phase.PRE_FLIGHT_CHECKS) {
                answer(new StepSucceeded("done", List.of(), Map.of(Outputs.REPORTED_VERSION, "1.3.2")));
            } else if (state.phase() == Phase.APPLICATION_DEPLOYMENT) {
                answer(new StepSucceeded(
                        "done", List.of(), Map.of(Outputs.PREVIOUS_REVISION, "4", Outputs.REVISION, "5")));
            } else if (state.ballot() != null) {
                for (Role role : state.ballot().missing()) {
                    vote(role, Decision.GO);
                }
            } else if (state.pending() == null && state.observation() != null) {
                for (GuardRule rule : state.guard().rules()) {
                    guard(new StepProgressed(
                            rule.name() + " sampled",
                            List.of(new Measurement(
                                    rule.name(), "0.0010", "ratio", Measurement.Status.SUCCESSFUL, now))));
                }
                tick(state.observation().until());
            } else {
                answer(new StepSucceeded("done", List.of(), Map.of()));
            }
        }
    }

    static ReleaseState completed() {
        Run run = new Run();
        while (run.state.status() == ReleaseStatus.RUNNING) {
            run.step();
        }
        return run.state;
    }

    /** The runbook's IMMEDIATE error-rate rule fires during smoke testing; every rollback step succeeds. */
    static Run rolledBackOnErrorRate() {
        Run run = new Run().advanceTo(Phase.SMOKE_TESTING);
        run.guard(breach(IMMEDIATE, SUSTAINED));
        while (run.state.status() == ReleaseStatus.ROLLING_BACK) {
            run.answer(new StepSucceeded("done", List.of(), Map.of()));
        }
        return run;
    }

    /** The same breach, but rolling the application back fails. */
    static Run rollbackFailed() {
        Run run = new Run().advanceTo(Phase.SMOKE_TESTING);
        run.guard(breach(IMMEDIATE, SUSTAINED));
        run.answer(new StepFailed("deployment shop: rollout undo timed out after 300 s", List.of()));
        return run;
    }

    /** A NO-GO: nothing changed, so the release aborts without a rollback. */
    static ReleaseState abortedOnNoGo() {
        Run run = new Run().advanceTo(Phase.GO_NO_GO);
        run.vote(Role.DEPLOYMENT_LEAD, Decision.NO_GO);
        return run.state;
    }

    static ThresholdBreached breach(GuardRule rule, String explanation) {
        Evidence evidence = new Evidence(
                rule.name(),
                rule.metric(),
                "sum(rate(http_requests_total{code=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))",
                rule.threshold(),
                rule.windowSeconds(),
                rule.severity(),
                Verdict.FAILED,
                T0,
                T0.plusSeconds(rule.windowSeconds()),
                13,
                0.08,
                0.12,
                0.1012,
                explanation);
        return new ThresholdBreached(
                rule.trigger(),
                explanation,
                List.of(new Measurement(rule.name(), "0.1012", "ratio", Measurement.Status.FAILED, T0)),
                evidence);
    }
}
