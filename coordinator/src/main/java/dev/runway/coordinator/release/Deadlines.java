package dev.runway.coordinator.release;

import dev.runway.coordinator.messaging.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Drives time-based rules (maximum duration, silent workers, rollback announcements the notifier has not answered) and
 * the outbox relay, which also posts the coordinator's own pages.
 */
@ApplicationScoped
public class Deadlines {

    @Inject
    ReleaseService releases;

    @Inject
    Outbox outbox;

    @Scheduled(every = "${runway.coordinator.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return releases.tick();
    }

    @Scheduled(
            every = "${runway.coordinator.outbox-relay-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return outbox.relayUnsent();
    }
}
