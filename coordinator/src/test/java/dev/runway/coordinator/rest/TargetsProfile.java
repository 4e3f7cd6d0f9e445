package dev.runway.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.infra.KafkaTestClient;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.directory.NotifierDirectory;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
                "unanswered-app",
                "refusing-app",
                "unannounced-app",
                "outbox-app",
                "outage-app",
                "reported-app")) {
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
        config.put("runway.targets.\"unannounced-app\".\"production\".chat-channel", "nowhere");
        return config;
    }

    /**
     * Publishes what a notifier with the channels and services these targets use would publish at start; the
     * coordinator refuses releases until it has read one. {@code unannounced-app}'s channel is not among them.
     */
    public static void publishNotifierDirectory(KafkaTestClient kafka) {
        NotifierDirectory directory =
                NotifierDirectory.of(Set.of("default", "deployments"), Set.of("default", "shop-oncall"), Instant.now());
        try {
            kafka.sendRaw(
                    Topics.NOTIFIER_DIRECTORY,
                    NotifierDirectory.KEY,
                    RunwayJson.wire().writeValueAsString(directory));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String serviceUrl(String application) {
        return "http://" + application + ".production.svc:8080";
    }
}
