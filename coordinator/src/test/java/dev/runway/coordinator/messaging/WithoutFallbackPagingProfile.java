package dev.runway.coordinator.messaging;

import java.util.Map;

/** {@link FallbackPagingProfile} without a routing key: the coordinator cannot page itself. */
public class WithoutFallbackPagingProfile extends FallbackPagingProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        config.put("runway.coordinator.fallback-paging.routing-key", "");
        return config;
    }
}
