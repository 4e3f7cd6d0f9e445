package dev.runway.coordinator.security;

import dev.runway.coordinator.phase.RollbackRequest;
import dev.runway.model.spec.GoNoGoVote;
import java.util.Arrays;
import java.util.Optional;

/** Runway's roles, as {@code @RolesAllowed} names them after {@link RoleMapping} read the token's claim. */
public enum RunwayRole {
    DEPLOYER(Names.DEPLOYER),
    DEPLOYMENT_LEAD(Names.DEPLOYMENT_LEAD),
    ENGINEERING_MANAGER(Names.ENGINEERING_MANAGER),
    DBA(Names.DBA),
    DEVOPS(Names.DEVOPS),
    VIEWER(Names.VIEWER);

    /** Constants for annotations. */
    public static final class Names {
        public static final String DEPLOYER = "deployer";
        public static final String DEPLOYMENT_LEAD = "deployment-lead";
        public static final String ENGINEERING_MANAGER = "engineering-manager";
        public static final String DBA = "dba";
        public static final String DEVOPS = "devops";
        public static final String VIEWER = "viewer";

        private Names() {}
    }

    private final String roleName;

    RunwayRole(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }

    public static Optional<RunwayRole> named(String name) {
        return Arrays.stream(values()).filter(r -> r.roleName.equals(name)).findFirst();
    }

    /** The role a GO/NO-GO vote for {@code role} needs. */
    public static RunwayRole votingAs(GoNoGoVote.Role role) {
        return switch (role) {
            case DEPLOYMENT_LEAD -> DEPLOYMENT_LEAD;
            case DEVOPS_ENGINEER -> DEVOPS;
            case DATABASE_ADMINISTRATOR -> DBA;
            case ENGINEERING_MANAGER -> ENGINEERING_MANAGER;
        };
    }

    /** The role a manual rollback request as {@code authority} needs. */
    public static RunwayRole asking(RollbackRequest.Authority authority) {
        return switch (authority) {
            case DEPLOYMENT_LEAD -> DEPLOYMENT_LEAD;
            case ENGINEERING_MANAGER -> ENGINEERING_MANAGER;
        };
    }
}
