package dev.runway.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exposed at /q/metrics as {@code runway_outbox_parked_total}, {@code runway_outbox_parked_rows} and
 * {@code runway_dead_letters_total}; deploy/prometheus alerts on them.
 */
@ApplicationScoped
public class MessagingMetrics {

    private final MeterRegistry registry;
    private final AtomicLong parkedRows = new AtomicLong();

    @Inject
    public MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("runway.outbox.parked.rows", parkedRows);
    }

    /** A row the broker refused {@code outbox-max-attempts} times was parked. */
    public void outboxRowParked(String topic) {
        Counter.builder("runway.outbox.parked")
                .description("Outbox rows given up on after the broker refused them too often")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /** The parked rows in the outbox now: they stay until a person sends them again or deletes them. */
    public void outboxParkedRows(long count) {
        parkedRows.set(count);
    }

    /** A consumed record went to the dead-letter topic; {@code reason} is a short tag, never the record. */
    public void deadLettered(String topic, String reason) {
        Counter.builder("runway.dead.letters")
                .description("Records a consumer sent to <topic>-dlq, by the topic they came from and why")
                .tag("topic", topic)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
