package dev.runway.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start the sandbox.
 *
 * @param kubernetesPort    port of the mock Kubernetes API server; 0 for an ephemeral one
 * @param appPort           port of the HTTP server carrying the applications and the registry; 0 for an ephemeral one
 * @param step              time one replica takes to move to a new ReplicaSet
 * @param catalogue         the images the registry holds and how they behave
 * @param seedDemo          create namespace production with Deployment, Service and ConfigMap shop on 1.3.2
 * @param requestsPerSecond synthetic requests per second sent to every Deployment's application; 0 sends none
 * @param registryCredentials null for an open registry; otherwise the registry requires a token from its token service
 */
public record SandboxOptions(
        int kubernetesPort,
        int appPort,
        Duration step,
        ImageCatalogue catalogue,
        boolean seedDemo,
        int requestsPerSecond,
        RegistryCredentials registryCredentials) {

    public static final int DEFAULT_REQUESTS_PER_SECOND = 20;
    public static final int MAX_REQUESTS_PER_SECOND = 1000;

    public SandboxOptions {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(catalogue, "catalogue");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive");
        }
        if (requestsPerSecond < 0 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException(
                    "requestsPerSecond must be in [0, " + MAX_REQUESTS_PER_SECOND + "], got " + requestsPerSecond);
        }
    }

    /** An open registry. */
    public SandboxOptions(
            int kubernetesPort,
            int appPort,
            Duration step,
            ImageCatalogue catalogue,
            boolean seedDemo,
            int requestsPerSecond) {
        this(kubernetesPort, appPort, step, catalogue, seedDemo, requestsPerSecond, null);
    }

    /** With the default synthetic traffic, {@value #DEFAULT_REQUESTS_PER_SECOND} requests/s per Deployment. */
    public SandboxOptions(int kubernetesPort, int appPort, Duration step, ImageCatalogue catalogue, boolean seedDemo) {
        this(kubernetesPort, appPort, step, catalogue, seedDemo, DEFAULT_REQUESTS_PER_SECOND);
    }

    /** Ephemeral ports, the demo catalogue and seed, default traffic and a fast step: what tests want. */
    public static SandboxOptions demo(Duration step) {
        return new SandboxOptions(0, 0, step, ImageCatalogue.demo(), true);
    }

    /** The same options with another synthetic traffic rate; 0 turns it off. */
    public SandboxOptions withRequestsPerSecond(int rate) {
        return new SandboxOptions(kubernetesPort, appPort, step, catalogue, seedDemo, rate, registryCredentials);
    }

    /** The same options with a registry that requires a token issued for {@code credentials}. */
    public SandboxOptions withRegistryCredentials(RegistryCredentials credentials) {
        return new SandboxOptions(kubernetesPort, appPort, step, catalogue, seedDemo, requestsPerSecond, credentials);
    }
}
