package dev.runway.rollout;

import dev.runway.sandbox.ImageBehaviour;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.sandbox.Sandbox;
import dev.runway.sandbox.SandboxOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * The sandbox's mock Kubernetes API with its Deployment controller, and its OCI registry. One per
 * JVM; tests keep apart by using Deployments and ConfigMaps of their own.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    /** In the registry under another digest than the release claims. */
    public static final String TAMPERED = "registry.sandbox.local/shop:1.4.1";

    public static final String TAMPERED_REGISTRY_DIGEST = "sha256:" + "b".repeat(64);

    public static final Duration STEP = Duration.ofMillis(250);

    private static Sandbox sandbox;

    @Override
    public synchronized Map<String, String> start() {
        if (sandbox == null) {
            ImageCatalogue catalogue =
                    ImageCatalogue.demo().with(TAMPERED, TAMPERED_REGISTRY_DIGEST, ImageBehaviour.HEALTHY);
            sandbox = Sandbox.start(new SandboxOptions(0, 0, STEP, catalogue, true));
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-stop"));
        }
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", sandbox.kubernetesUrl(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "runway.registry.url", sandbox.registryUrl());
    }

    @Override
    public void stop() {
        // shared with later test classes; stopped by the shutdown hook
    }
}
