package dev.runway.stack;

import dev.runway.model.spec.GoNoGoVote;
import java.util.Optional;

/** The local stack's people: one per Runway role, each a different person, as the runbook's roles are. */
public enum DemoUser {
    DANA("dana", "deployer", null),
    LEE("lee", "deployment-lead", GoNoGoVote.Role.DEPLOYMENT_LEAD),
    ALEX("alex", "engineering-manager", GoNoGoVote.Role.ENGINEERING_MANAGER),
    KIM("kim", "dba", GoNoGoVote.Role.DATABASE_ADMINISTRATOR),
    SAM("sam", "devops", GoNoGoVote.Role.DEVOPS_ENGINEER),
    VAL("val", "viewer", null);

    private final String subject;
    private final String role;
    private final GoNoGoVote.Role votesAs;

    DemoUser(String subject, String role, GoNoGoVote.Role votesAs) {
        this.subject = subject;
        this.role = role;
        this.votesAs = votesAs;
    }

    /** The token's {@code sub}. */
    public String subject() {
        return subject;
    }

    /** The Runway role in the token's {@code groups} claim. */
    public String role() {
        return role;
    }

    /** The GO/NO-GO role this person votes for; empty for those who do not vote. */
    public Optional<GoNoGoVote.Role> votesAs() {
        return Optional.ofNullable(votesAs);
    }

    public static DemoUser voterFor(GoNoGoVote.Role role) {
        for (DemoUser user : values()) {
            if (user.votesAs == role) {
                return user;
            }
        }
        throw new IllegalArgumentException("no demo user votes as " + role);
    }
}
