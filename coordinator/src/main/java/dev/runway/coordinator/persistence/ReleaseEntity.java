package dev.runway.coordinator.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "release")
public class ReleaseEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String application;

    @Column(nullable = false)
    public String environment;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String status;

    public String phase;

    /** {@link dev.runway.coordinator.phase.ReleaseState} as JSON. */
    @Column(nullable = false)
    public String state;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /**
     * The earliest time a notice of this release needs the tick: a rollback announcement's answer deadline, or the
     * time a direct page was decided whose outcome is not recorded yet; null when no notice does.
     */
    @Column(name = "notice_check_at")
    public Instant noticeCheckAt;

    /** Counts the audit events published for this release. */
    @Column(name = "audit_sequence", nullable = false)
    public long auditSequence;

    /** Ticks and events for one release may race; the loser retries. */
    @Version
    @Column(name = "lock_version")
    public long lockVersion;
}
