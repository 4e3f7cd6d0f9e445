package dev.runway.model.spec;

/**
 * The container image to roll out, and the digest the build produced (runbook Step 3.1: a digest
 * mismatch aborts the deployment).
 *
 * @param digest {@code sha256:} followed by 64 hex digits
 */
public record ImageSpec(String repository, String tag, String digest) {

    /** The reference as written into the pod template: {@code repository:tag}. */
    public String reference() {
        return repository + ":" + tag;
    }
}
