package dev.runway.sandbox;

import java.util.Objects;

/**
 * SIMULATION: makes the sandbox registry require the Distribution spec's token authentication. Without a bearer token
 * it answers 401 with a {@code WWW-Authenticate: Bearer} challenge; its token service issues {@code token} to a
 * client that sends these credentials with Basic authentication.
 */
public record RegistryCredentials(String username, String password, String token) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***, token=***]";
    }
}
