package dev.runway.coordinator.rest;

import dev.runway.coordinator.security.RunwayRole;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who calls: the verified token's subject and the Runway roles mapped from its claim. The token itself stays here. */
record Caller(String subject, SecurityIdentity identity) {

    static Caller of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            throw new IllegalStateException("an authenticated call without a token subject");
        }
        return new Caller(token.getSubject(), identity);
    }

    boolean holds(RunwayRole role) {
        return identity.hasRole(role.roleName());
    }
}
