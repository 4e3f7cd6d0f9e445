package dev.runway.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which images exist in the simulated registry, their digests and how their pods behave. Immutable: {@link #with}
 * returns a new catalogue.
 */
public final class ImageCatalogue {

    public static final String REGISTRY_HOST = "registry.sandbox.local";
    public static final String SHOP_REPOSITORY = REGISTRY_HOST + "/shop";

    public static final String SHOP_1_3_2 = SHOP_REPOSITORY + ":1.3.2";
    public static final String SHOP_1_4_0 = SHOP_REPOSITORY + ":1.4.0";
    public static final String SHOP_1_5_0 = SHOP_REPOSITORY + ":1.5.0";
    public static final String SHOP_1_6_0 = SHOP_REPOSITORY + ":1.6.0";

    // The sha256 of the manifest the registry serves for each tag (checked by a test), so they verify like real ones.
    public static final String SHOP_1_3_2_DIGEST =
            "sha256:e117a678dc1abc8dda5c3852630254aa10c89ed83e3ef85398fcdea2e7af2837";
    public static final String SHOP_1_4_0_DIGEST =
            "sha256:4a5fe74f6f8a258fb91e3eb6fe9c7d6606b52368a73aebd7b0e3bfcdce4a59ec";
    public static final String SHOP_1_5_0_DIGEST =
            "sha256:9355f8ff288d3c9ec337ddcf11396333e43050fd4121ffbf9fee71bcec41b577";
    public static final String SHOP_1_6_0_DIGEST =
            "sha256:2cf398f8dd89782a455aa4b0b90b0011f435b1594e2293130fb17b13bd4b0b75";

    private final Map<String, CatalogueEntry> entries;

    private ImageCatalogue(Map<String, CatalogueEntry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static ImageCatalogue empty() {
        return new ImageCatalogue(Map.of());
    }

    /** shop 1.3.2 and 1.4.0 healthy, 1.5.0 unhealthy (503 on /health), 1.6.0 crash-looping. */
    public static ImageCatalogue demo() {
        return empty().with(SHOP_1_3_2, SHOP_1_3_2_DIGEST, ImageBehaviour.HEALTHY)
                .with(SHOP_1_4_0, SHOP_1_4_0_DIGEST, ImageBehaviour.HEALTHY)
                .with(SHOP_1_5_0, SHOP_1_5_0_DIGEST, ImageBehaviour.UNHEALTHY)
                .with(SHOP_1_6_0, SHOP_1_6_0_DIGEST, ImageBehaviour.CRASH_LOOP);
    }

    /** @param reference {@code [host/]repository:tag} */
    public ImageCatalogue with(String reference, String digest, ImageBehaviour behaviour) {
        ImageReference parsed = ImageReference.parse(reference);
        Map<String, CatalogueEntry> copy = new LinkedHashMap<>(entries);
        copy.put(reference, new CatalogueEntry(reference, parsed.repository(), parsed.tag(), digest, behaviour));
        return new ImageCatalogue(copy);
    }

    /** Finds by the exact reference, or by {@code reference@digest} when the digest matches. */
    public Optional<CatalogueEntry> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        int at = reference.indexOf('@');
        if (at >= 0) {
            String digest = reference.substring(at + 1);
            return Optional.ofNullable(entries.get(reference.substring(0, at)))
                    .filter(e -> e.digest().equals(digest));
        }
        return Optional.ofNullable(entries.get(reference));
    }

    /** The registry's view: by repository name (without host) and a tag or a digest. */
    Optional<CatalogueEntry> findInRepository(String repository, String tagOrDigest) {
        return entries.values().stream()
                .filter(e -> e.repository().equals(repository))
                .filter(e -> e.tag().equals(tagOrDigest) || e.digest().equals(tagOrDigest))
                .findFirst();
    }
}
