package dev.runway.model.audit;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The data of every audit CloudEvent: one state transition of one release.
 *
 * @param sequence  counts the release's transitions from 1, so an auditor sees gaps
 * @param phase     null once the release has ended
 * @param reason    why, in the runbook's words
 */
public record ReleaseTransitioned(
        int schemaVersion,
        UUID releaseId,
        long sequence,
        String application,
        String environment,
        String version,
        ReleaseStatus status,
        Phase phase,
        PhaseStatus phaseStatus,
        String reason,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
    /** The CloudEvents {@code type} attribute. */
    public static final String TYPE = "dev.runway.release.transitioned.v1";
}
