package dev.runway.coordinator.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "release_id", nullable = false)
    public UUID releaseId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(nullable = false)
    public String payload;

    /** Kafka headers as a JSON object of strings; null for none. */
    public String headers;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The row's place in the order of sending, given by the database's sequence as the row is inserted. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** Sends the broker refused; a row refused {@code outbox-max-attempts} times is parked. */
    @Column(nullable = false)
    public int attempts;

    /** Why the last send failed: the exception's type and message, never the payload. */
    @Column(name = "last_error")
    public String lastError;

    /** When the row was given up on; a parked row is sent again only once a person clears this. */
    @Column(name = "parked_at")
    public Instant parkedAt;

    /** A direct page's last HTTP answer, 0 when none came; null for Kafka rows and before the first failure. */
    @Column(name = "http_status")
    public Integer httpStatus;
}
