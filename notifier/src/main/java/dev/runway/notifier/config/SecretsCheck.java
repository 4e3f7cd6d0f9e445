package dev.runway.notifier.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Fails start-up on a missing default channel or a malformed secret, with messages that name the
 * property but never its value.
 */
@ApplicationScoped
class SecretsCheck {

    void onStart(@Observes StartupEvent start, NotifierConfig config) {
        Map<String, NotifierConfig.Channel> channels = config.chat().channels();
        if (!channels.containsKey("default")) {
            throw new IllegalStateException("runway.chat.channels.\"default\".webhook-url must be set");
        }
        channels.forEach((name, channel) ->
                requireHttpUrl(channel.webhookUrl(), "runway.chat.channels.\"" + name + "\".webhook-url"));
        requireHttpUrl(config.pagerduty().eventsUrl(), "runway.pagerduty.events-url");
        config.pagerduty().services().forEach((name, service) -> {
            if (service.routingKey().isBlank()) {
                throw new IllegalStateException("runway.pagerduty.services.\"" + name + "\".routing-key is blank");
            }
        });
        if (config.pagerduty().retry().maxAttempts() < 1) {
            throw new IllegalStateException("runway.pagerduty.retry.max-attempts must be at least 1");
        }
    }

    private static void requireHttpUrl(String value, String property) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalStateException(property + " must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(property + " is not a valid URL");
        }
    }
}
