package dev.runway.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The notifier's settings. Webhook URLs and routing keys are secrets: they are typed as strings and
 * checked by {@link SecretsCheck} so that no converter error ever echoes them.
 */
@ConfigMapping(prefix = "runway")
public interface NotifierConfig {

    Chat chat();

    PagerDuty pagerduty();

    interface Chat {

        /** By the names releases use in {@code targets.chatChannel}; {@code default} must exist. */
        Map<String, Channel> channels();

        /** For connecting and for the whole answer. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Slack has no dedup key, so only answers that say the post was not taken (429, 5xx) and connections that
         * never opened are retried; a timeout is not, since the post may have gone through.
         */
        Retry retry();
    }

    interface Channel {

        /** Slack-compatible incoming webhook; secret. */
        String webhookUrl();
    }

    interface PagerDuty {

        @WithDefault("https://events.pagerduty.com/v2/enqueue")
        String eventsUrl();

        /** By the names releases use in {@code targets.pagerDutyService}. */
        Map<String, Service> services();

        /** For connecting and for the whole answer, per attempt. */
        @WithDefault("10s")
        Duration timeout();

        Retry retry();
    }

    interface Service {

        /** Events API v2 integration key; secret. */
        String routingKey();
    }

    /**
     * PagerDuty asks clients to retry 429 and 5xx; its dedup key makes a repeated trigger harmless. Chat uses the
     * same policy for the answers that leave no doubt.
     */
    interface Retry {

        /** Including the first. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();
    }
}
