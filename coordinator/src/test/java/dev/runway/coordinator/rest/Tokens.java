package dev.runway.coordinator.rest;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/**
 * Real RS256 tokens signed with the key of the test JVM's OpenID Connect provider (quarkus-test-oidc-server), so
 * the coordinator verifies them exactly as it verifies a production provider's.
 */
public final class Tokens {

    static final String ISSUER = "https://server.example.com";
    static final String AUDIENCE = "runway-coordinator";

    private Tokens() {}

    /** A token for {@code subject} whose {@code groups} claim holds {@code groups}. */
    public static String of(String subject, String... groups) {
        return signed(subject, AUDIENCE, groups);
    }

    static String forAudience(String audience, String subject, String... groups) {
        return signed(subject, audience, groups);
    }

    private static String signed(String subject, String audience, String... groups) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject + "@example.com")
                .audience(audience)
                .groups(Set.of(groups))
                .expiresIn(600)
                .sign();
    }
}
