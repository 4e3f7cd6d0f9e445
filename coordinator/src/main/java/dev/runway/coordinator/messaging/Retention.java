package dev.runway.coordinator.messaging;

import dev.runway.coordinator.config.CoordinatorConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Deletes what is no longer needed: outbox rows sent longer ago than {@code outbox-retention}, and worker event ids
 * remembered longer than {@code processed-event-retention}. Unsent and parked rows are never deleted.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    @Inject
    CoordinatorConfig config;

    @Scheduled(
            every = "${runway.coordinator.retention-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return deleteExpired().replaceWithVoid();
    }

    /** @return the outbox rows and event ids deleted */
    public Uni<Deleted> deleteExpired() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.withTransaction(connection -> connection
                        .preparedQuery("DELETE FROM outbox WHERE sent_at < $1")
                        .execute(Tuple.of(now.minus(config.outboxRetention())))
                        .chain(outbox -> connection
                                .preparedQuery("DELETE FROM processed_event WHERE processed_at < $1")
                                .execute(Tuple.of(now.minus(config.processedEventRetention())))
                                .map(events -> new Deleted(outbox.rowCount(), events.rowCount()))))
                .invoke(deleted -> {
                    if (deleted.outboxRows() > 0 || deleted.eventIds() > 0) {
                        LOG.infof(
                                "retention deleted %d sent outbox rows and %d remembered event ids",
                                deleted.outboxRows(), deleted.eventIds());
                    }
                });
    }

    public record Deleted(int outboxRows, int eventIds) {}
}
