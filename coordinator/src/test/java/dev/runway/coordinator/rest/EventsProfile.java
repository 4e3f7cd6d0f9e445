package dev.runway.coordinator.rest;

import java.util.Map;

/** {@link TargetsProfile}'s applications and the event stream's own, so its releases block no other test's. */
public class EventsProfile extends TargetsProfile {

    static final String WATCHED = "watched-app";
    static final String LEFT = "left-app";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        for (String application : new String[] {WATCHED, LEFT}) {
            String at = "runway.targets.\"" + application + "\".\"production\".";
            config.put(at + "namespace", "production");
            config.put(at + "deployment", application);
            config.put(at + "container", application);
            config.put(at + "service-url", serviceUrl(application));
            config.put(at + "registry", "registry.sandbox.local");
            config.put(at + "repository", "shop");
            config.put(at + "database", "shop");
            config.put(at + "config-map", application + "-config");
            config.put(at + "caches.\"sessions\".type", "REDIS");
        }
        // a keep-alive the test can wait for
        config.put("runway.coordinator.event-stream.keep-alive", "1s");
        return config;
    }
}
