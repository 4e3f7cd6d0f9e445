package dev.runway.rollout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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

    /**
     * One cache: a Redis ({@link #uri()}) or a CloudFront distribution ({@link #cloudfront()}), which the command's
     * cache type chooses between; optionally a probe that Phase 6 sends afterwards.
     */
    interface Cache {
        /** Redis: {@code redis://[:password@]host:port[/db]}; a secret, never logged. */
        Optional<String> uri();

        /**
         * Redis shared with other applications: only keys starting with this prefix are deleted (SCAN and UNLINK),
         * and afterwards none may match it. Without it the whole database is flushed (FLUSHDB).
         */
        Optional<String> keyPrefix();

        /** Keys asked for per SCAN and deleted per UNLINK in the key-prefix mode. */
        @WithDefault("1000")
        int scanCount();

        /** A CloudFront distribution whose paths are invalidated. */
        Optional<CloudFront> cloudfront();

        /** A URL that must miss, then hit, once the cache is cleared (runbook Step 6.3); none checks nothing. */
        Optional<Probe> probe();
    }

    interface CloudFront {
        /** e.g. {@code E2QWRUHAPOMQZL}. */
        String distributionId();

        /** What is invalidated: the runbook's {@code /*} by default. */
        @WithDefault("/*")
        List<String> paths();

        /** CloudFront's API is global; its endpoint signs as us-east-1. */
        @WithDefault("us-east-1")
        String region();

        /** Another endpoint than AWS's, e.g. a stand-in in tests; none uses CloudFront's own. */
        Optional<URI> endpoint();

        /**
         * With {@link #secretAccessKey()}: static credentials. Without them the SDK's default chain (environment,
         * web identity, instance profile) is used.
         */
        Optional<String> accessKeyId();

        /** A secret, never logged. */
        Optional<String> secretAccessKey();

        /**
         * How long to wait for the invalidation to be Completed (the runbook's "typically 1-5 minutes"); never past
         * the command's own deadline, when the coordinator stops waiting.
         */
        @WithDefault("4m")
        Duration timeout();

        /** How often the invalidation's status is read while waiting. */
        @WithDefault("10s")
        Duration pollInterval();
    }

    interface Probe {
        /** Requested twice with GET, e.g. {@code https://shop.example/health}. */
        URI url();

        /** The response header that says whether the cache answered; CloudFront's {@code X-Cache} by default. */
        @WithDefault("X-Cache")
        String header();

        /** Per request. */
        @WithDefault("10s")
        Duration timeout();
    }
}
