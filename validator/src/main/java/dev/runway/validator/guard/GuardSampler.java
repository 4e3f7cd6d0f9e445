package dev.runway.validator.guard;

import dev.runway.model.event.Event;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.worker.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Samples every watch's due rules on one thread of its own, every tick, and publishes what they say as answers to
 * the {@code WatchGuards} command: each sample as {@link StepProgressed}, each verdict that turns as
 * {@link ThresholdBreached}. It runs apart from the command consumer because a watch lasts far longer than a
 * handler may.
 */
@Singleton
public class GuardSampler {

    private static final Logger LOG = Logger.getLogger(GuardSampler.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final GuardWatches watches;
    private final EventPublisher publisher;
    private final Clock clock;
    private final String source;
    private final Duration tick;
    private ScheduledExecutorService executor;

    @Inject
    public GuardSampler(
            GuardWatches watches,
            EventPublisher publisher,
            Clock clock,
            ValidatorConfig config,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this(watches, publisher, clock, source, config.guard().tick());
    }

    GuardSampler(GuardWatches watches, EventPublisher publisher, Clock clock, String source, Duration tick) {
        this.watches = watches;
        this.publisher = publisher;
        this.clock = clock;
        this.source = source;
        this.tick = tick;
    }

    synchronized void start(@Observes StartupEvent started) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "guard-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Sampling guards every %s", tick);
    }

    synchronized void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("The guard sampler did not stop within %s", STOP_TIMEOUT);
        }
    }

    /**
     * One tick: drops the watches whose time is up, then samples the due rules of the others and publishes what
     * they report. Never throws: an exception thrown by a scheduled task would end the schedule for good.
     */
    public void sampleDue() {
        try {
            for (GuardWatches.Watched expired : watches.expire(clock.instant())) {
                LOG.infof(
                        "Stopped watching the guards of release %s: its watch (command %s) ran until its end",
                        expired.releaseId(), expired.command().commandId());
            }
            for (GuardWatches.Watched watched : watches.current()) {
                sample(watched);
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "A round of guard sampling failed (%s); the next tick tries again",
                    e.getClass().getName());
        }
    }

    private void sample(GuardWatches.Watched watched) {
        try {
            List<EventBody> bodies = events(watched.watch().sample(watched.source(), clock.instant()));
            if (!bodies.isEmpty()) {
                watches.ifCurrent(
                        watched,
                        () -> bodies.forEach(body ->
                                publisher.publish(Event.answering(watched.command(), source, clock.instant(), body))));
            }
        } catch (RuntimeException e) {
            // The class only: a message may quote a query result, a URL or a broker's answer.
            LOG.warnf(
                    "Sampling the guards of release %s failed (%s); they are sampled again when next due",
                    watched.releaseId(), e.getClass().getName());
        }
    }

    /** Each sample as progress; each turned verdict as a breach, with the measurement that turned it. */
    static List<EventBody> events(List<GuardReport> reports) {
        List<EventBody> bodies = new ArrayList<>();
        Map<String, Measurement> lastOfRule = new HashMap<>();
        for (GuardReport report : reports) {
            if (report instanceof GuardReport.Sampled sampled) {
                lastOfRule.put(sampled.rule().name(), sampled.measurement());
                bodies.add(new StepProgressed(
                        Explanation.sample(sampled.rule(), sampled.reading()), List.of(sampled.measurement())));
            } else if (report instanceof GuardReport.Turned turned) {
                Measurement last = lastOfRule.get(turned.rule().name());
                bodies.add(new ThresholdBreached(
                        turned.rule().trigger(),
                        turned.evidence().explanation(),
                        last == null ? List.of() : List.of(last),
                        turned.evidence()));
            }
        }
        return bodies;
    }
}
