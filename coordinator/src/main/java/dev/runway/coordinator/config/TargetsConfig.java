package dev.runway.coordinator.config;

import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.CacheType;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each application's releases go, per environment: {@code runway.targets."<application>"."<environment>".*}.
 * A release spec names only its application and environment; everything a worker is pointed at comes from here.
 */
@ConfigMapping(prefix = "runway.targets")
public interface TargetsConfig {

    /** By application, then by environment. */
    @WithParentName
    Map<String, Map<String, Target>> applications();

    /** The targets of {@code application} in {@code environment}, if any are configured. */
    default Optional<ReleaseTargets> of(String application, String environment) {
        return Optional.ofNullable(applications().get(application))
                .map(environments -> environments.get(environment))
                .map(Target::toReleaseTargets);
    }

    interface Target {
        /** The Kubernetes namespace of the application's Deployment. */
        String namespace();

        /** The Deployment a release rolls out. */
        String deployment();

        /** The container whose image a release sets. */
        String container();

        /** Where the application answers, e.g. {@code https://shop.internal}; checks and smoke paths append to it. */
        String serviceUrl();

        /** The migrator's name for the database releases may migrate; without it a spec with migrations is refused. */
        Optional<String> database();

        /** The ConfigMap releases may change; without it a spec with a configuration change is refused. */
        Optional<String> configMap();

        /** The caches cleared in Phase 6, by the rollout-agent's name for them; none skips the phase. */
        Map<String, Cache> caches();

        /** The only registry host ({@code host[:port]}) images may come from. */
        String registry();

        /** The only repository on {@link #registry()} images may come from, e.g. {@code shop}. */
        String repository();

        /** The notifier's name for the chat channel announcements go to. */
        @WithDefault("default")
        String chatChannel();

        /** The notifier's name for the PagerDuty service rollbacks page. */
        @WithDefault("default")
        String pagerdutyService();

        default ReleaseTargets toReleaseTargets() {
            return new ReleaseTargets(
                    new KubernetesTarget(namespace(), deployment(), container()),
                    serviceUrl().replaceAll("/+$", ""),
                    database().orElse(null),
                    configMap().orElse(null),
                    new TreeMap<>(caches())
                            .entrySet().stream()
                                    .map(e -> new CacheTarget(e.getValue().type(), e.getKey()))
                                    .toList(),
                    registry() + "/" + repository(),
                    new NotificationTargets(chatChannel(), pagerdutyService()));
        }
    }

    interface Cache {
        CacheType type();
    }
}
