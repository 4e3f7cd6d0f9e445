package dev.runway.coordinator.phase;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.KubernetesTarget;
import dev.runway.model.spec.NotificationTargets;
import java.util.List;
import java.util.Objects;

/**
 * Where a release goes: resolved from the coordinator's configuration for its application and environment when the
 * release starts, and stored with it, so a configuration change cannot move a release that is already running.
 *
 * @param serviceUrl      where the application answers; health paths and the spec's smoke paths are relative to it
 * @param database        the migrator's name for the only database the release's migrations may change; null when
 *                        the environment allows no migrations
 * @param configMap       the only ConfigMap the release's configuration change may write; null when none is allowed
 * @param caches          cleared in Phase 6; empty when there is no caching layer (the phase is skipped)
 * @param imageRepository {@code registry-host[:port]/path}: the only repository the release's image may come from
 */
public record ReleaseTargets(
        KubernetesTarget kubernetes,
        String serviceUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String database,
        @JsonInclude(JsonInclude.Include.NON_NULL) String configMap,
        List<CacheTarget> caches,
        String imageRepository,
        NotificationTargets notifications) {

    public ReleaseTargets {
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(imageRepository, "imageRepository");
        Objects.requireNonNull(notifications, "notifications");
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    public boolean hasCaches() {
        return !caches.isEmpty();
    }
}
