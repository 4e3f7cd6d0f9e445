package dev.runway.rollout;

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

    public static final Duration STEP = Duration.ofMillis(250);

    private static Sandbox sandbox;

    @Override
    public synchronized Map<String, String> start() {
        if (sandbox == null) {
            sandbox = Sandbox.start(new SandboxOptions(0, 0, STEP, ImageCatalogue.demo(), true));
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
