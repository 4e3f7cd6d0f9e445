package dev.runway.coordinator.security;

import dev.runway.coordinator.config.CoordinatorConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces the roles OIDC read from the token's claim with the Runway roles they map to, so that a group such as
 * {@code release-managers} can grant {@code deployer} and nothing outside Runway's six roles grants anything.
 */
@ApplicationScoped
public class RoleMapping implements SecurityIdentityAugmentor {

    @Inject
    CoordinatorConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = map(identity.getRoles(), config.roleMapping());
        QuarkusSecurityIdentity.Builder mapped = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles);
        return Uni.createFrom().item(mapped.build());
    }

    /** Claim values to Runway role names: mapped where the mapping names the value, else taken as they are. */
    static Set<String> map(Set<String> claimValues, Map<String, List<String>> mapping) {
        return claimValues.stream()
                .flatMap(v -> mapping.getOrDefault(v, List.of(v)).stream())
                .filter(r -> RunwayRole.named(r).isPresent())
                .collect(Collectors.toUnmodifiableSet());
    }
}
