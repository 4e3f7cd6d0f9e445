package dev.runway.coordinator.phase;

import dev.runway.model.command.RollBackDeployment;
import java.util.UUID;

/** Where a rollback returns the Deployment. There is no "unknown" point: without one, the application is not undone. */
public sealed interface RollbackPoint
        permits RollbackPoint.Stated, RollbackPoint.BeforeCurrent, RollbackPoint.BeforeUnansweredRollout {

    /** The value of {@link RollBackDeployment#toRevision()}. */
    long toRevision();

    /** The revision the rollout named, before changing anything, as the one it replaces. */
    record Stated(Revision revision) implements RollbackPoint {

        @Override
        public long toRevision() {
            return revision.number();
        }
    }

    /**
     * The rollout succeeded without naming the revision it replaced, so the one before the current revision is the one
     * it replaced ({@code kubectl rollout undo} without {@code --to-revision}).
     */
    record BeforeCurrent() implements RollbackPoint {

        /** The wire's word for "the revision before the current one". */
        static final long WIRE_PREVIOUS = 0;

        @Override
        public long toRevision() {
            return WIRE_PREVIOUS;
        }
    }

    /**
     * The release gave up on the rollout before it stated anything, so whether it ever changed the Deployment is
     * unknown. "The revision before the current one" is right only if it did: the command names the rollout
     * ({@link RollBackDeployment#undoes()}), and the rollout-agent undoes only a Deployment that rollout changed.
     */
    record BeforeUnansweredRollout(UUID rollout) implements RollbackPoint {

        @Override
        public long toRevision() {
            return BeforeCurrent.WIRE_PREVIOUS;
        }
    }
}
