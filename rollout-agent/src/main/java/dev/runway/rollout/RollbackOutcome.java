package dev.runway.rollout;

/**
 * What {@code rollout undo} found.
 *
 * @param revision the revision whose pod template the Deployment now has
 */
public record RollbackOutcome(Kind kind, long revision, String image) {

    public enum Kind {
        /** The pod template was replaced; a rollout follows. */
        ROLLED_BACK,
        /** The Deployment already has that revision's template: nothing changed. */
        ALREADY_AT_REVISION,
        /** No ReplicaSet of the Deployment carries that revision. */
        REVISION_NOT_FOUND
    }
}
