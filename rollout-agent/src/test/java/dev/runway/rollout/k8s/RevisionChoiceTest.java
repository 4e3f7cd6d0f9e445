package dev.runway.rollout.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionChoiceTest {

    private static ReplicaSet revision(long revision) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("shop-" + revision)
                .addToAnnotations(Fabric8ClusterClient.REVISION, Long.toString(revision))
                .endMetadata()
                .build();
    }

    private final List<ReplicaSet> replicaSets = List.of(revision(1), revision(3), revision(2));

    @Test
    void zeroMeansTheRevisionBeforeTheCurrentOne() {
        assertThat(Fabric8ClusterClient.pick(replicaSets, 3, 0))
                .map(rs -> rs.getMetadata().getName())
                .contains("shop-2");
    }

    @Test
    void anExplicitRevisionIsTakenAsIs() {
        assertThat(Fabric8ClusterClient.pick(replicaSets, 3, 1))
                .map(rs -> rs.getMetadata().getName())
                .contains("shop-1");
    }

    @Test
    void anUnknownRevisionIsNotFound() {
        assertThat(Fabric8ClusterClient.pick(replicaSets, 3, 7)).isEmpty();
        assertThat(Fabric8ClusterClient.pick(List.of(revision(1)), 1, 0)).isEmpty();
    }
}
