package dev.runway.validator.guard;

import dev.runway.model.command.Command;
import dev.runway.model.command.StopGuards;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.guard.GuardRule;
import dev.runway.worker.CommandHandler;
import dev.runway.worker.StepReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Starts and stops guard watches and returns at once: the {@link GuardSampler} samples them. A {@code WatchGuards}
 * is answered with {@link StepStarted} here and never concluded (its samples and breaches follow from the sampler);
 * a {@code StopGuards} is concluded with {@link StepSucceeded}.
 */
@ApplicationScoped
public class GuardCommandHandler implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(GuardCommandHandler.class);

    private final GuardEnvironments environments;
    private final GuardWatches watches;
    private final Clock clock;

    public GuardCommandHandler(GuardEnvironments environments, GuardWatches watches, Clock clock) {
        this.environments = environments;
        this.watches = watches;
        this.clock = clock;
    }

    @Override
    public void carryOut(Command command, StepReporter reporter) {
        if (command.body() instanceof WatchGuards watch) {
            watch(command, watch, reporter);
        } else if (command.body() instanceof StopGuards stop) {
            stop(command, stop, reporter);
        } else {
            reporter.report(new StepFailed(
                    "guards do not carry out " + command.body().getClass().getSimpleName(), List.of()));
        }
    }

    private void watch(Command command, WatchGuards body, StepReporter reporter) {
        Instant now = clock.instant();
        Optional<String> invalid = invalid(body, now);
        if (invalid.isPresent()) {
            reporter.report(new StepFailed(invalid.get(), List.of()));
            return;
        }
        Optional<GuardEnvironments.GuardEnvironment> environment = environments.find(body.environment());
        if (environment.isEmpty()) {
            reporter.report(new StepFailed(
                    "environment " + body.environment() + " cannot be guarded: the validator has no"
                            + " runway.validator.environments.\"" + body.environment() + "\".prometheus-url",
                    List.of()));
            return;
        }
        GuardEnvironments.GuardEnvironment where = environment.get();
        GuardWatch watch =
                new GuardWatch(body.target(), body.rules(), where.queries(), where.limits(), now, body.until());
        GuardWatches.Registration registration = watches.watch(
                new GuardWatches.Watched(command, where.source(), watch),
                () -> reporter.report(new StepStarted("watching " + body.rules().size() + " guard rules until "
                        + body.until() + ": "
                        + body.rules().stream().map(GuardRule::name).collect(Collectors.joining(", ")))));
        LOG.infof(
                "Guards of release %s (command %s) on %s/%s in %s: %s",
                command.releaseId(),
                command.commandId(),
                body.target().namespace(),
                body.target().deployment(),
                body.environment(),
                registration);
    }

    /** What makes a watch impossible to carry out, in words; empty when it can be. */
    private static Optional<String> invalid(WatchGuards body, Instant now) {
        if (body.rules().isEmpty()) {
            return Optional.of("no guard rules to watch");
        }
        if (!now.isBefore(body.until())) {
            return Optional.of("nothing to watch: until " + body.until() + " has passed");
        }
        Map<String, Long> byName =
                body.rules().stream().collect(Collectors.groupingBy(GuardRule::name, Collectors.counting()));
        for (GuardRule rule : body.rules()) {
            if (byName.get(rule.name()) > 1) {
                return Optional.of("two guard rules are named " + rule.name());
            }
            if (rule.intervalSeconds() < 1 || rule.windowSeconds() < 0) {
                return Optional.of("guard rule " + rule.name() + " needs an interval of at least 1 s and a window"
                        + " of at least 0 s, has " + rule.intervalSeconds() + " s and " + rule.windowSeconds()
                        + " s");
            }
        }
        return Optional.empty();
    }

    private void stop(Command command, StopGuards body, StepReporter reporter) {
        Optional<GuardWatches.Watched> stopped = watches.stop(command.releaseId());
        String summary = stopped.map(watched ->
                        "stopped watching " + watched.watch().progress().size() + " guard rules: " + body.reason())
                .orElse("no guards were being watched: " + body.reason());
        LOG.infof("Release %s: %s", command.releaseId(), summary);
        reporter.report(new StepSucceeded(summary, List.of(), Map.of()));
    }
}
