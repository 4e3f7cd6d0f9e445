package dev.runway.coordinator.release;

import dev.runway.coordinator.messaging.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Drives time-based rules (maximum duration, silent workers, rollback announcements the notifier has not answered) and
 * the outbox relay, which also posts the coordinator's own pages.
 *
 * <p>Both run only between the application's start and its shutdown. The scheduler fires before the messaging
 * channels are wired, and the relay's first call then failed to inject the outbox's emitter (SRMSG00019, logged at
 * every start); after shutdown began, ticks kept firing against the closed database pool for seconds.
 */
@ApplicationScoped
public class Deadlines {

    @Inject
    ReleaseService releases;

    @Inject
    Outbox outbox;

    private volatile boolean running;

    /** At the default priority, after the messaging extension has connected its channels and emitters. */
    void started(@Observes StartupEvent start) {
        running = true;
    }

    void stopping(@Observes ShutdownEvent stop) {
        running = false;
    }

    @Scheduled(every = "${runway.coordinator.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return running ? releases.tick() : Uni.createFrom().voidItem();
    }

    @Scheduled(
            every = "${runway.coordinator.outbox-relay-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return running ? outbox.relayUnsent() : Uni.createFrom().voidItem();
    }
}
