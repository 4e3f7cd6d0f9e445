package dev.runway.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One person's vote in the runbook's Go/No-Go decision, cast through the coordinator's API for one role; consensus of
 * every required role is required.
 *
 * @param by      the voter: the subject of their token
 * @param comment       what the voter said, or null
 * @param skipRehearsal true only on a DATABASE_ADMINISTRATOR's GO: the DBA consents to migrating production without
 *                      rehearsing on a scratch database first (runbook Step 2.2). An optional field added within
 *                      version 1
 */
public record GoNoGoVote(
        Role role,
        Decision decision,
        String by,
        String comment,
        Instant at,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipRehearsal) {

    /** Only a consent is written: a vote stored before the field existed reads back the same. */
    public GoNoGoVote {
        skipRehearsal = Boolean.TRUE.equals(skipRehearsal) ? Boolean.TRUE : null;
    }

    public GoNoGoVote(Role role, Decision decision, String by, String comment, Instant at) {
        this(role, decision, by, comment, at, null);
    }

    /** True when this vote consents to migrating without a rehearsal. */
    public boolean skipsRehearsal() {
        return Boolean.TRUE.equals(skipRehearsal);
    }

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
