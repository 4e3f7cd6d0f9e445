package dev.runway.model.spec;

/** One role's vote in the runbook's Go/No-Go decision; consensus of all roles is required. */
public record GoNoGoVote(Role role, Decision decision, String by) {

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
