package dev.runway.model.spec;

import java.time.Instant;

/**
 * One person's vote in the runbook's Go/No-Go decision, cast through the coordinator's API for one role; consensus of
 * every required role is required.
 *
 * @param by      the voter: the subject of their token
 * @param comment what the voter said, or null
 */
public record GoNoGoVote(Role role, Decision decision, String by, String comment, Instant at) {

    /** The runbook's voters (T-15m, "Go/No-Go vote"). */
    public enum Role {
        DEPLOYMENT_LEAD,
        DEVOPS_ENGINEER,
        DATABASE_ADMINISTRATOR,
        ENGINEERING_MANAGER
    }

    public enum Decision {
        GO,
        NO_GO
    }
}
