package dev.runway.model.spec;

/**
 * The container image to roll out, pinned by the digest the build produced (runbook Step 3.1: a digest mismatch
 * aborts the deployment). In a release spec the repository may be left out: the coordinator fills in the one its
 * configuration allows for the application and environment, and refuses any other.
 *
 * @param repository {@code registry-host[:port]/path}, e.g. {@code registry.example.com/shop}
 * @param digest     {@code sha256:} followed by 64 hex digits
 */
public record ImageSpec(String repository, String digest) {

    /**
     * The reference as written into the pod template: {@code repository@digest}, so the pods run exactly the image
     * whose digest was checked, whatever a tag points to later.
     */
    public String reference() {
        return repository + "@" + digest;
    }

    /** The same digest in {@code allowedRepository}. */
    public ImageSpec in(String allowedRepository) {
        return new ImageSpec(allowedRepository, digest);
    }
}
