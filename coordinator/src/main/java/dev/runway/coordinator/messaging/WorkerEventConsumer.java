package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.metrics.MessagingMetrics;
import dev.runway.coordinator.phase.EventSender;
import dev.runway.coordinator.release.ReleaseMetrics;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.event.Event;
import io.micrometer.core.annotation.Timed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds every worker's events into the releases. Only an unreadable event, or one refused for its sender, fails and
 * goes to the dead-letter topic. Any other failure (database down, broker error) is passing: the event is tried
 * again with exponential backoff and jitter, and since events are handled one at a time the consumer waits for it
 * rather than moving on without it.
 */
@ApplicationScoped
public class WorkerEventConsumer {

    /** The reason tag of an event that does not parse, in the metric and the dead-letter reason header. */
    static final String UNREADABLE = "unreadable";

    private static final Logger LOG = Logger.getLogger(WorkerEventConsumer.class);

    @Inject
    ReleaseService releases;

    @Inject
    ReleaseMetrics metrics;

    @Inject
    MessagingMetrics messaging;

    @Inject
    CoordinatorConfig config;

    @Incoming(Topics.EVENTS)
    @Timed(
            value = "runway.events.handled",
            histogram = true,
            percentiles = {0.5, 0.99})
    public Uni<Void> onEvent(String payload) {
        Event event;
        try {
            event = RunwayJson.wire().readValue(payload, Event.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable event, sent to %s", Topics.deadLetter(Topics.EVENTS));
            messaging.deadLettered(Topics.EVENTS, UNREADABLE);
            return Uni.createFrom()
                    .failure(new UnreadableMessageException(UNREADABLE + ": " + e.getOriginalMessage(), e));
        }
        return apply(event, 0, Vertx.currentContext())
                .onFailure(RefusedEventException.class)
                .invoke(e -> {
                    EventSender.Refusal refusal = ((RefusedEventException) e).refusal();
                    LOG.warnf("event refused, sent to %s: %s", Topics.deadLetter(Topics.EVENTS), refusal.explanation());
                    metrics.eventRefused(refusal.reason().tag());
                    messaging.deadLettered(Topics.EVENTS, refusal.reason().tag());
                });
    }

    /**
     * Applies the event, and after a passing failure waits and applies it again, on the consumer's own Vert.x context,
     * where the database session lives.
     */
    private Uni<Void> apply(Event event, int retries, Context context) {
        return Uni.createFrom()
                .deferred(() -> releases.onEvent(event))
                .onFailure(e -> !(e instanceof RefusedEventException))
                .recoverWithUni(e -> {
                    Duration wait = backoff(retries);
                    LOG.warnf(
                            "event %s of release %s not applied (%s), try %d again in %d ms",
                            event.eventId(),
                            event.releaseId(),
                            e.getClass().getSimpleName(),
                            retries + 2,
                            wait.toMillis());
                    return after(wait, context).chain(() -> apply(event, retries + 1, context));
                });
    }

    /** Doubles from initial-backoff up to max-backoff, then takes a random point of its upper half. */
    Duration backoff(int retries) {
        long initial = config.eventRetry().initialBackoff().toMillis();
        long max = config.eventRetry().maxBackoff().toMillis();
        long doubled = retries >= 30 ? max : Math.min(max, initial << retries);
        return Duration.ofMillis(doubled / 2 + ThreadLocalRandom.current().nextLong(doubled / 2 + 1));
    }

    private static Uni<Void> after(Duration wait, Context context) {
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        }
        return Uni.createFrom()
                .emitter(emitter -> context.owner()
                        .setTimer(
                                Math.max(1, wait.toMillis()), id -> context.runOnContext(v -> emitter.complete(null))));
    }
}
