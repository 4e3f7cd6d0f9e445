package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;

/**
 * One step of a transition, as auditors see it: published as one CloudEvent.
 *
 * @param actor the token subject of the person whose vote or action caused it; null when Runway acted on a worker's
 *              report or a deadline
 */
public record Change(ReleaseStatus status, Phase phase, PhaseStatus phaseStatus, String reason, String actor) {}
