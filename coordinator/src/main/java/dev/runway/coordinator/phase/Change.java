package dev.runway.coordinator.phase;

import dev.runway.model.Phase;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;

/** One step of a transition, as auditors see it: published as one CloudEvent. */
public record Change(ReleaseStatus status, Phase phase, PhaseStatus phaseStatus, String reason) {}
