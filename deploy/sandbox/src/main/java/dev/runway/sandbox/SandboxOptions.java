package dev.runway.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * @param kubernetesPort port of the mock Kubernetes API server; 0 for an ephemeral one
 * @param appPort        port of the HTTP server carrying the applications and the registry; 0 for an ephemeral one
 * @param step           time one replica takes to move to a new ReplicaSet
 * @param catalogue      the images the registry holds and how they behave
 * @param seedDemo       create namespace production with Deployment, Service and ConfigMap shop on 1.3.2
 */
public record SandboxOptions(
        int kubernetesPort, int appPort, Duration step, ImageCatalogue catalogue, boolean seedDemo) {

    public SandboxOptions {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(catalogue, "catalogue");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive");
        }
    }

    /** Ephemeral ports, the demo catalogue and seed, and a fast step: what tests want. */
    public static SandboxOptions demo(Duration step) {
        return new SandboxOptions(0, 0, step, ImageCatalogue.demo(), true);
    }
}
