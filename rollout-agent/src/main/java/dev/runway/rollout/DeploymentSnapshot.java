package dev.runway.rollout;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A Deployment as the rollout needs it before changing it.
 *
 * @param revision   the {@code deployment.kubernetes.io/revision} annotation; 0 before the first rollout
 * @param images     image per container name
 * @param lastChange the Runway command that last changed its pod template, when one did
 */
public record DeploymentSnapshot(long revision, Map<String, String> images, Optional<CommandMark> lastChange) {

    /**
     * What a Runway command leaves on the Deployment it changes, so that the same command, redelivered after a
     * restart, finds its change made and reports the rollout with the rollback point recorded the first time.
     *
     * @param previousRevision the revision before a rollout's change; 0 for other changes
     * @param previousImage    the container's image before a rollout's change; empty for other changes
     */
    public record CommandMark(UUID commandId, long previousRevision, String previousImage) {}

    public DeploymentSnapshot {
        images = Map.copyOf(images);
    }

    public Optional<String> image(String container) {
        return Optional.ofNullable(images.get(container));
    }

    /** Whether {@code commandId} made the Deployment's last Runway change. */
    public boolean changedBy(UUID commandId) {
        return lastChange.map(mark -> mark.commandId().equals(commandId)).orElse(false);
    }
}
