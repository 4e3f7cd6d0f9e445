package dev.runway.coordinator.phase;

import java.time.Instant;
import java.util.UUID;

/**
 * The command whose concluding event the release waits for.
 *
 * @param deadline past it, a silent worker counts as a failed step
 */
public record PendingCommand(UUID commandId, Stage stage, Worker worker, Instant deadline) {}
