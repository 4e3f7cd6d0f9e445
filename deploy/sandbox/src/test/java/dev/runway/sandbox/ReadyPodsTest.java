package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyPodsTest {

    private static final CatalogueEntry OLD =
            ImageCatalogue.demo().find(ImageCatalogue.SHOP_1_3_2).orElseThrow();
    private static final CatalogueEntry NEW =
            ImageCatalogue.demo().find(ImageCatalogue.SHOP_1_7_0).orElseThrow();

    @Test
    void midRolloutEachReplicaSetGetsTheShareOfItsReadyPods() {
        List<ReadyPods> pods = List.of(new ReadyPods(NEW, 1), new ReadyPods(OLD, 3));

        assertThat(ReadyPods.pick(pods, 0.0)).hasValue(NEW);
        assertThat(ReadyPods.pick(pods, 0.2499)).hasValue(NEW);
        assertThat(ReadyPods.pick(pods, 0.25)).hasValue(OLD);
        assertThat(ReadyPods.pick(pods, 0.9999)).hasValue(OLD);
    }

    @Test
    void aDrawOfOneStillLandsOnTheLastPod() {
        assertThat(ReadyPods.pick(List.of(new ReadyPods(OLD, 2)), 1.0)).hasValue(OLD);
    }

    @Test
    void noReadyPodMeansNowhereToRoute() {
        assertThat(ReadyPods.pick(List.of(), 0.5)).isEmpty();
    }
}
