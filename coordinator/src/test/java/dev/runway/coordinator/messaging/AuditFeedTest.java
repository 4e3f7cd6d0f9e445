package dev.runway.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import dev.runway.model.RunwayJson;
import dev.runway.model.audit.ReleaseTransitioned;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AuditFeedTest {

    private static final UUID RELEASE = UUID.randomUUID();
    private static final int BUFFER = 4;

    private final AuditFeed feed = new AuditFeed();
    private long offset;

    @Test
    void eachSubscriberGetsTheTransitionsOfItsOwnReleaseInOrder() {
        AssertSubscriber<ReleaseTransitioned> watching =
                feed.of(RELEASE, BUFFER).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<ReleaseTransitioned> another =
                feed.of(UUID.randomUUID(), BUFFER).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        feed.onAudit(record(RELEASE, 1));
        feed.onAudit(record(UUID.randomUUID(), 1));
        feed.onAudit(record(RELEASE, 2));

        assertThat(watching.getItems())
                .extracting(ReleaseTransitioned::sequence)
                .containsExactly(1L, 2L);
        assertThat(another.getItems()).isEmpty();
    }

    @Test
    void aSubscriberThatFallsBehindLosesItsStreamWithoutHoldingUpTheConsumerOrAnotherSubscriber() {
        AssertSubscriber<ReleaseTransitioned> stuck =
                feed.of(RELEASE, BUFFER).subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<ReleaseTransitioned> reading =
                feed.of(RELEASE, BUFFER).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        assertThat(feed.subscribers()).isEqualTo(2);

        for (int sequence = 1; sequence <= BUFFER + 2; sequence++) {
            feed.onAudit(record(RELEASE, sequence));
        }

        stuck.assertFailedWith(BackPressureFailure.class);
        assertThat(reading.getItems()).hasSize(BUFFER + 2);
        reading.assertNotTerminated();
        assertThat(feed.subscribers()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatCancelsIsForgotten() {
        AssertSubscriber<ReleaseTransitioned> leaving =
                feed.of(RELEASE, BUFFER).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        assertThat(feed.subscribers()).isEqualTo(1);

        leaving.cancel();
        feed.onAudit(record(RELEASE, 1));

        assertThat(feed.subscribers()).isZero();
        assertThat(leaving.getItems()).isEmpty();
    }

    @Test
    void anUnreadableRecordOrAnotherTypeIsLeftOutAndTheFeedGoesOn() {
        AssertSubscriber<ReleaseTransitioned> watching =
                feed.of(RELEASE, BUFFER).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        feed.onAudit(raw("{ not json", ReleaseTransitioned.TYPE));
        feed.onAudit(raw("{}", "dev.runway.something.else.v1"));
        feed.onAudit(record(RELEASE, 7));

        assertThat(watching.getItems())
                .extracting(ReleaseTransitioned::sequence)
                .containsExactly(7L);
        watching.assertNotTerminated();
    }

    private ConsumerRecord<String, String> record(UUID release, long sequence) {
        ReleaseTransitioned transition = new ReleaseTransitioned(
                ReleaseTransitioned.SCHEMA_VERSION,
                release,
                sequence,
                "shop",
                "production",
                "1.4.0",
                ReleaseStatus.RUNNING,
                Phase.APPLICATION_DEPLOYMENT,
                PhaseStatus.RUNNING,
                "2 of 3 updated replicas are available",
                Instant.parse("2026-11-27T18:00:00Z"));
        try {
            return raw(RunwayJson.wire().writeValueAsString(transition), ReleaseTransitioned.TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, String> raw(String value, String type) {
        ConsumerRecord<String, String> record =
                new ConsumerRecord<>("runway-audit", 0, offset++, RELEASE.toString(), value);
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
