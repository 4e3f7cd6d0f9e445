package dev.runway.sandbox;

import java.time.Duration;
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
    public static final String SHOP_1_6_1 = SHOP_REPOSITORY + ":1.6.1";
    public static final String SHOP_1_7_0 = SHOP_REPOSITORY + ":1.7.0";
    public static final String SHOP_1_8_0 = SHOP_REPOSITORY + ":1.8.0";
    public static final String SHOP_1_9_0 = SHOP_REPOSITORY + ":1.9.0";

    // The sha256 of the manifest the registry serves for each tag (checked by a test), so they verify like real ones.
    public static final String SHOP_1_3_2_DIGEST =
            "sha256:e117a678dc1abc8dda5c3852630254aa10c89ed83e3ef85398fcdea2e7af2837";
    public static final String SHOP_1_4_0_DIGEST =
            "sha256:4a5fe74f6f8a258fb91e3eb6fe9c7d6606b52368a73aebd7b0e3bfcdce4a59ec";
    public static final String SHOP_1_5_0_DIGEST =
            "sha256:9355f8ff288d3c9ec337ddcf11396333e43050fd4121ffbf9fee71bcec41b577";
    public static final String SHOP_1_6_0_DIGEST =
            "sha256:2cf398f8dd89782a455aa4b0b90b0011f435b1594e2293130fb17b13bd4b0b75";
    public static final String SHOP_1_6_1_DIGEST =
            "sha256:05d1d5654d6b639e49690ba3889f579e5cb68cb26fb773679fa2845597051441";
    public static final String SHOP_1_7_0_DIGEST =
            "sha256:4764a3bdc3e6b5aa0084aa66118df6ba971714805b6f1b8979ec02988eb62dbd";
    public static final String SHOP_1_8_0_DIGEST =
            "sha256:c6490ebb27f89b655c890df644c22bbe067d776b7b6855cd57fd68ecc3ab66d0";
    public static final String SHOP_1_9_0_DIGEST =
            "sha256:da51950cf568db6901d8ac4e16cf8a1a7405461b7e27f23b6e389a4d3c195dc4";

    /** shop 1.7.0 answers 10 % of application requests with 500. */
    public static final RequestProfile TEN_PERCENT_ERRORS = new RequestProfile(0.10, Duration.ZERO);
    /** shop 1.8.0 answers 2 % of application requests with 500. */
    public static final RequestProfile TWO_PERCENT_ERRORS = new RequestProfile(0.02, Duration.ZERO);
    /** shop 1.9.0 takes at least 1.2 s for every application request. */
    public static final RequestProfile SLOW = new RequestProfile(0, Duration.ofMillis(1200));

    private final Map<String, CatalogueEntry> entries;

    private ImageCatalogue(Map<String, CatalogueEntry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static ImageCatalogue empty() {
        return new ImageCatalogue(Map.of());
    }

    /**
     * shop 1.3.2 and 1.4.0 healthy, 1.5.0 unhealthy (503 on /health), 1.6.0 crash-looping, 1.6.1 OOMKilled; 1.7.0,
     * 1.8.0 and 1.9.0 healthy on their probes but 10 % errors, 2 % errors and at least 1.2 s per request.
     */
    public static ImageCatalogue demo() {
        return empty().with(SHOP_1_3_2, SHOP_1_3_2_DIGEST, ImageBehaviour.HEALTHY)
                .with(SHOP_1_4_0, SHOP_1_4_0_DIGEST, ImageBehaviour.HEALTHY)
                .with(SHOP_1_5_0, SHOP_1_5_0_DIGEST, ImageBehaviour.UNHEALTHY)
                .with(SHOP_1_6_0, SHOP_1_6_0_DIGEST, ImageBehaviour.CRASH_LOOP)
                .with(SHOP_1_6_1, SHOP_1_6_1_DIGEST, ImageBehaviour.OOM_KILLED)
                .with(SHOP_1_7_0, SHOP_1_7_0_DIGEST, ImageBehaviour.HEALTHY, TEN_PERCENT_ERRORS)
                .with(SHOP_1_8_0, SHOP_1_8_0_DIGEST, ImageBehaviour.HEALTHY, TWO_PERCENT_ERRORS)
                .with(SHOP_1_9_0, SHOP_1_9_0_DIGEST, ImageBehaviour.HEALTHY, SLOW);
    }

    /** An image whose Ready pods answer every request, within a few milliseconds ({@link RequestProfile#NORMAL}). */
    public ImageCatalogue with(String reference, String digest, ImageBehaviour behaviour) {
        return with(reference, digest, behaviour, RequestProfile.NORMAL);
    }

    /**
     * An image whose Ready pods answer application requests as {@code requests} says.
     *
     * @param reference {@code [host/]repository:tag}
     */
    public ImageCatalogue with(String reference, String digest, ImageBehaviour behaviour, RequestProfile requests) {
        ImageReference parsed = ImageReference.parse(reference);
        Map<String, CatalogueEntry> copy = new LinkedHashMap<>(entries);
        copy.put(
                reference,
                new CatalogueEntry(reference, parsed.repository(), parsed.tag(), digest, behaviour, requests));
        return new ImageCatalogue(copy);
    }

    /**
     * Finds by the exact reference, by {@code reference@digest} when the digest matches, or by {@code
     * repository@digest} (what a release pins) when that repository, on the same registry host, holds the digest.
     */
    public Optional<CatalogueEntry> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        int at = reference.indexOf('@');
        if (at < 0) {
            return Optional.ofNullable(entries.get(reference));
        }
        String name = reference.substring(0, at);
        String digest = reference.substring(at + 1);
        CatalogueEntry tagged = entries.get(name);
        if (tagged != null) {
            return Optional.of(tagged).filter(e -> e.digest().equals(digest));
        }
        return entries.values().stream()
                .filter(e -> e.digest().equals(digest) && untagged(e).equals(name))
                .findFirst();
    }

    /** {@code host/repository}, the reference without its tag. */
    private static String untagged(CatalogueEntry entry) {
        ImageReference parsed = ImageReference.parse(entry.reference());
        return parsed.host().isEmpty() ? parsed.repository() : parsed.host() + "/" + parsed.repository();
    }

    /** The registry's view: by repository name (without host) and a tag or a digest. */
    Optional<CatalogueEntry> findInRepository(String repository, String tagOrDigest) {
        return entries.values().stream()
                .filter(e -> e.repository().equals(repository))
                .filter(e -> e.tag().equals(tagOrDigest) || e.digest().equals(tagOrDigest))
                .findFirst();
    }
}
