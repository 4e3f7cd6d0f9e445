package dev.runway.validator.smoke;

import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The credentials smoke checks may name, per environment: {@code runway.validator.environments."<env>".credentials.
 * "<name>".header} and {@code .value}. A credential is looked up in the command's environment only, so a staging
 * release cannot borrow production's.
 */
@ApplicationScoped
public class SmokeCredentials {

    /**
     * @param value a secret: never logged, reported or stored
     */
    public record Credential(String header, String value) {

        /** Names the header, never the value. */
        @Override
        public String toString() {
            return "Credential[" + header + "]";
        }
    }

    private final ValidatorConfig config;

    public SmokeCredentials(ValidatorConfig config) {
        this.config = config;
    }

    /** Empty when {@code environment} is null or holds no credential called {@code name}. */
    public Optional<Credential> find(String environment, String name) {
        if (environment == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(config.environments().get(environment))
                .map(e -> e.credentials().get(name))
                .map(c -> new Credential(c.header(), c.value()));
    }

    /** Where the credential is configured, for a check that names one that is not. */
    public static String property(String environment, String name) {
        return "runway.validator.environments.\"" + environment + "\".credentials.\"" + name + "\"";
    }
}
