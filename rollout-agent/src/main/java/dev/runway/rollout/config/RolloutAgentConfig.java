package dev.runway.rollout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything the rollout-agent reads from configuration; the README's table lists each key. */
@ConfigMapping(prefix = "runway")
public interface RolloutAgentConfig {

    Registry registry();

    Rollout rollout();

    /** Caches by the name a release spec uses; the URI stays here, out of commands and events. */
    Map<String, Cache> caches();

    interface Registry {
        /** Base URL of the OCI Distribution API, e.g. {@code https://registry.example.com}. */
        String url();

        @WithDefault("10s")
        Duration timeout();

        /**
         * The user the registry's token service knows, for registries that answer 401 with a {@code Bearer}
         * challenge; none asks for an anonymous token.
         */
        Optional<String> username();

        /** The password or access token of {@link #username()}; a secret, never logged. */
        Optional<String> password();
    }

    interface Rollout {
        /** How often the Deployment's status is read while a rollout is followed. */
        @WithDefault("2s")
        Duration pollInterval();

        /** When the new ReplicaSet's pods make a rollout's failure certain; see {@code PodClassifier}. */
        Pods pods();
    }

    interface Pods {
        /** Restarts of one new pod in CrashLoopBackOff, OOMKilled or restarting that fail the rollout. */
        @WithDefault("2")
        int maxRestarts();

        /**
         * How long one new pod may stay in CrashLoopBackOff, OOMKilled, ImagePullBackOff or Unschedulable before
         * the rollout fails.
         */
        @WithDefault("10s")
        Duration failureAfter();
    }

    interface Cache {
        /** {@code redis://[:password@]host:port[/db]}; a secret, never logged. */
        String uri();
    }
}
