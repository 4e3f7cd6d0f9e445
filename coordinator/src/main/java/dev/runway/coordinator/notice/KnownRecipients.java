package dev.runway.coordinator.notice;

import dev.runway.coordinator.config.TargetsConfig;
import dev.runway.coordinator.release.Violation;
import dev.runway.model.directory.NotifierDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The chat channels and PagerDuty services the notifier last said it can deliver to. Each time it says so, every
 * configured application's targets are checked against it: a target the notifier lacks is logged as an error and
 * counted in {@code runway_targets_undeliverable}, and its releases are refused until one of the two is fixed.
 */
@ApplicationScoped
public class KnownRecipients {

    private static final Logger LOG = Logger.getLogger(KnownRecipients.class);

    private final TargetsConfig targets;
    private final AtomicReference<NotifierDirectory> latest = new AtomicReference<>();
    private final CompletableFuture<NotifierDirectory> first = new CompletableFuture<>();
    private final AtomicInteger undeliverable = new AtomicInteger();

    public KnownRecipients(TargetsConfig targets, MeterRegistry registry) {
        this.targets = targets;
        registry.gauge("runway_targets_undeliverable", undeliverable);
    }

    public void learned(NotifierDirectory directory) {
        NotifierDirectory previous = latest.get();
        if (previous != null && previous.publishedAt().isAfter(directory.publishedAt())) {
            return;
        }
        latest.set(directory);
        first.complete(directory);
        List<Violation> wrong = checkConfiguredTargets(directory);
        undeliverable.set(wrong.size());
        if (wrong.isEmpty()) {
            LOG.infof(
                    "The notifier can deliver to every configured target (chat channels %s, PagerDuty services %s)",
                    directory.chatChannels(), directory.pagerDutyServices());
        }
        wrong.forEach(v -> LOG.errorf(
                "%s %s: releases there are refused until the notifier or the coordinator is configured to match",
                v.field(), v.message()));
    }

    /**
     * The notifier's latest directory; waits up to {@code within} for the first one after this coordinator started.
     * The answer comes on the caller's Vert.x context, where the database work that follows must run.
     */
    public Uni<Optional<NotifierDirectory>> directory(Duration within) {
        NotifierDirectory known = latest.get();
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        Context caller = Vertx.currentContext();
        Uni<Optional<NotifierDirectory>> waited = Uni.createFrom()
                .completionStage(first.copy())
                .map(Optional::of)
                .ifNoItem()
                .after(within)
                .recoverWithItem(Optional.empty());
        return caller == null ? waited : waited.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private List<Violation> checkConfiguredTargets(NotifierDirectory directory) {
        List<Violation> wrong = new ArrayList<>();
        targets.applications()
                .forEach((application, environments) ->
                        environments.forEach((environment, target) -> wrong.addAll(Deliverability.check(
                                application,
                                environment,
                                target.toReleaseTargets().notifications(),
                                directory))));
        return wrong;
    }
}
