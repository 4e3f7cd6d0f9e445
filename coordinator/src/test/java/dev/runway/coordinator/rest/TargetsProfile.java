package dev.runway.coordinator.rest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator ITs' applications: each test releases its own, so the code freeze of one does not block another;
 * each has targets in production. {@code bare-app} has neither database nor ConfigMap.
 */
public class TargetsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        for (String application : List.of(
                "api-app",
                "undecided-app",
                "guarded-app",
                "bare-app",
                "mapped-app",
                "voted-app",
                "aborted-app",
                "manual-app",
                "refusing-app",
                "outbox-app",
                "outage-app")) {
            String at = "runway.targets.\"" + application + "\".\"production\".";
            config.put(at + "namespace", "production");
            config.put(at + "deployment", application);
            config.put(at + "container", application);
            config.put(at + "service-url", serviceUrl(application));
            config.put(at + "registry", "registry.sandbox.local");
            config.put(at + "repository", "shop");
            if (!application.equals("bare-app")) {
                config.put(at + "database", "shop");
                config.put(at + "config-map", application + "-config");
                config.put(at + "caches.\"sessions\".type", "REDIS");
            }
        }
        return config;
    }

    public static String serviceUrl(String application) {
        return "http://" + application + ".production.svc:8080";
    }
}
