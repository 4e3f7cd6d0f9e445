package dev.runway.rollout;

import java.util.Map;
import java.util.Optional;

/**
 * A Deployment as the rollout needs it before changing it.
 *
 * @param revision the {@code deployment.kubernetes.io/revision} annotation; 0 before the first rollout
 * @param images   image per container name
 */
public record DeploymentSnapshot(long revision, Map<String, String> images) {

    public DeploymentSnapshot {
        images = Map.copyOf(images);
    }

    public Optional<String> image(String container) {
        return Optional.ofNullable(images.get(container));
    }
}
