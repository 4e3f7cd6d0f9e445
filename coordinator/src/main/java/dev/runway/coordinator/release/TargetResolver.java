package dev.runway.coordinator.release;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.model.spec.ReleaseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a valid spec may go where the configuration sends its application and environment. Pure: the
 * configured targets are passed in, so every refusal is tested without a running coordinator.
 */
public final class TargetResolver {

    private TargetResolver() {}

    /** What the configuration says about one spec. */
    public sealed interface Resolution {

        /** The spec may start; these targets are stored with it. */
        record Resolved(ReleaseTargets targets) implements Resolution {}

        /** Nothing is configured for the spec's application and environment. */
        record NotConfigured(String application, String environment) implements Resolution {}

        /** The spec asks for something its targets do not allow. */
        record Refused(List<Violation> violations) implements Resolution {
            public Refused {
                violations = List.copyOf(violations);
            }
        }
    }

    public static Resolution resolve(ReleaseSpec spec, Optional<ReleaseTargets> configured) {
        if (configured.isEmpty()) {
            return new Resolution.NotConfigured(spec.application(), spec.environment());
        }
        ReleaseTargets targets = configured.get();
        String where = spec.application() + " in " + spec.environment();
        List<Violation> refused = new ArrayList<>();
        String repository = spec.image().repository();
        if (repository != null && !repository.equals(targets.imageRepository())) {
            String host = registryHost(repository);
            String allowedHost = registryHost(targets.imageRepository());
            refused.add(new Violation(
                    "image.repository",
                    host.equals(allowedHost)
                            ? "'" + repository + "' is not the repository allowed for " + where + " ("
                                    + targets.imageRepository() + ")"
                            : "registry '" + host + "' is not the registry allowed for " + where + " (" + allowedHost
                                    + ")"));
        }
        if (spec.hasMigrations() && targets.database() == null) {
            refused.add(new Violation(
                    "migrations", "are refused: no database is configured for " + where + " on the coordinator"));
        }
        if (spec.hasConfigurationChange() && targets.configMap() == null) {
            refused.add(new Violation(
                    "configuration", "is refused: no ConfigMap is configured for " + where + " on the coordinator"));
        }
        return refused.isEmpty() ? new Resolution.Resolved(targets) : new Resolution.Refused(refused);
    }

    /** {@code registry.example.com:5000/team/shop} is on {@code registry.example.com:5000}; Docker Hub names on none. */
    static String registryHost(String repository) {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String first = repository.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? first : "";
    }
}
