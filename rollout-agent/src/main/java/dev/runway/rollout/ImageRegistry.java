package dev.runway.rollout;

import dev.runway.model.spec.ImageSpec;
import java.util.Optional;

/** Where built images live; asked for the digest a tag points to (runbook Step 3.1). */
public interface ImageRegistry {

    /** The manifest digest of {@code image}'s tag, or empty when the registry does not know it. */
    Optional<String> digestOf(ImageSpec image);
}
