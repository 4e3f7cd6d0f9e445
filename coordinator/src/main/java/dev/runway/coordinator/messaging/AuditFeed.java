package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.audit.ReleaseTransitioned;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The audit topic as it is written, for the live event stream. Every coordinator reads every record: the channel is
 * assigned its partitions from their end rather than joining the coordinator's consumer group, which would give each
 * instance only a share, and commits nothing. Records are handed to subscribers without waiting for them; one that
 * cannot keep up loses its stream, never holds up this consumer or another subscriber.
 */
@ApplicationScoped
public class AuditFeed {

    public static final String CHANNEL = "runway-audit-feed";

    private static final Logger LOG = Logger.getLogger(AuditFeed.class);

    private final BroadcastProcessor<ReleaseTransitioned> transitions = BroadcastProcessor.create();

    private final AtomicInteger subscribers = new AtomicInteger();

    @Incoming(CHANNEL)
    public void onAudit(ConsumerRecord<String, String> record) {
        if (!ReleaseTransitioned.TYPE.equals(header(record, "ce_type"))) {
            return;
        }
        ReleaseTransitioned transition;
        try {
            transition = RunwayJson.wire().readValue(record.value(), ReleaseTransitioned.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // an observer: what it cannot read is left out of the live view, never dead-lettered or retried
            LOG.warnf(
                    "audit record %s-%d@%d left out of the live event stream: unreadable (%s)",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        transitions.onNext(transition);
    }

    /**
     * The transitions of one release from now on, as they are read: a hot stream. Up to {@code buffer} of them wait
     * for a slow subscriber; one more fails its stream with a back-pressure failure.
     */
    public Multi<ReleaseTransitioned> of(UUID releaseId, int buffer) {
        return transitions
                .filter(t -> releaseId.equals(t.releaseId()))
                .onOverflow()
                .buffer(buffer)
                .onSubscription()
                .invoke(subscribers::incrementAndGet)
                .onTermination()
                .invoke(subscribers::decrementAndGet);
    }

    /** How many streams are subscribed now. */
    public int subscribers() {
        return subscribers.get();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
