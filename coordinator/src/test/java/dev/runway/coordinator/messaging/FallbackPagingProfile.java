package dev.runway.coordinator.messaging;

import dev.runway.coordinator.rest.TargetsProfile;
import java.util.List;
import java.util.Map;

/** The coordinator ITs' targets, with a short rollback announcement deadline and a routing key to look for. */
public class FallbackPagingProfile extends TargetsProfile {

    /** Shaped like a PagerDuty integration key, and unique enough that finding it anywhere is no accident. */
    static final String ROUTING_KEY = "R0fa11bac4c0ffee5ecre7k3y0000042";

    /** Its notifier stays silent. */
    static final String APPLICATION = "paged-app";

    /** Its notifier answers that chat and its own page both failed. */
    static final String ESCALATED_APPLICATION = "escalated-app";

    /** Its notifier stays silent, and PagerDuty refuses its pages. */
    static final String REFUSED_APPLICATION = "refused-page-app";

    /** Released where the coordinator has no routing key. */
    static final String UNPAGED_APPLICATION = "unpaged-app";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        for (String application :
                List.of(APPLICATION, ESCALATED_APPLICATION, REFUSED_APPLICATION, UNPAGED_APPLICATION)) {
            String at = "runway.targets.\"" + application + "\".\"production\".";
            config.put(at + "namespace", "production");
            config.put(at + "deployment", application);
            config.put(at + "container", application);
            config.put(at + "service-url", serviceUrl(application));
            config.put(at + "registry", "registry.sandbox.local");
            config.put(at + "repository", "shop");
            config.put(at + "database", "shop");
            config.put(at + "config-map", application + "-config");
        }
        config.put("runway.coordinator.rollback-announcement-timeout", "3s");
        config.put("runway.coordinator.fallback-paging.routing-key", ROUTING_KEY);
        return config;
    }
}
