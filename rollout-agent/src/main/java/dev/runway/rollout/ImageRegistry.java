package dev.runway.rollout;

import dev.runway.model.spec.ImageSpec;
import java.util.Optional;

/** Where built images live; asked whether it holds the manifest a release pinned (runbook Step 3.1). */
public interface ImageRegistry {

    /**
     * The digest of the manifest the registry serves for {@code image}'s digest in its repository, or empty when the
     * repository does not hold it.
     */
    Optional<String> digestOf(ImageSpec image);
}
