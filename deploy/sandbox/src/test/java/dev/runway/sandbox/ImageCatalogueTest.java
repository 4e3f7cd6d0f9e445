package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageCatalogueTest {

    private final ImageCatalogue catalogue = ImageCatalogue.demo();

    @ParameterizedTest
    @CsvSource({
        "1.3.2, HEALTHY, 0.0, 0",
        "1.4.0, HEALTHY, 0.0, 0",
        "1.5.0, UNHEALTHY, 0.0, 0",
        "1.6.0, CRASH_LOOP, 0.0, 0",
        "1.6.1, OOM_KILLED, 0.0, 0",
        "1.7.0, HEALTHY, 0.10, 0",
        "1.8.0, HEALTHY, 0.02, 0",
        "1.9.0, HEALTHY, 0.0, 1200"
    })
    void theDemoCatalogueHoldsEveryShopVersionWithItsBehaviourAndARealDigest(
            String tag, ImageBehaviour behaviour, double errorRatio, long minimumLatencyMillis) {
        CatalogueEntry entry =
                catalogue.find("registry.sandbox.local/shop:" + tag).orElseThrow();

        assertThat(entry.behaviour()).isEqualTo(behaviour);
        assertThat(entry.requests().errorRatio()).isEqualTo(errorRatio);
        assertThat(entry.requests().minimumLatency()).isEqualTo(Duration.ofMillis(minimumLatencyMillis));
        assertThat(entry.digest()).isEqualTo(OciManifest.digestOf("shop", tag));
        assertThat(catalogue.find(entry.reference() + "@" + entry.digest())).hasValue(entry);
        assertThat(catalogue.find(ImageCatalogue.SHOP_REPOSITORY + "@" + entry.digest()))
                .hasValue(entry);
    }

    @Test
    void aPinnedReferenceIsFoundOnlyInItsOwnRepositoryOnItsOwnRegistry() {
        String digest = ImageCatalogue.SHOP_1_4_0_DIGEST;

        assertThat(catalogue.find("mirror.sandbox.local/shop@" + digest)).isEmpty();
        assertThat(catalogue.find("registry.sandbox.local/billing@" + digest)).isEmpty();
        assertThat(catalogue.find(ImageCatalogue.SHOP_REPOSITORY + "@sha256:" + "c".repeat(64)))
                .isEmpty();
        assertThat(catalogue.find(ImageCatalogue.SHOP_1_3_2 + "@" + digest)).isEmpty();
    }

    @Test
    void onlyCrashLoopingAndOomKilledImagesNeverBecomeReady() {
        assertThat(ImageBehaviour.HEALTHY.becomesReady()).isTrue();
        assertThat(ImageBehaviour.UNHEALTHY.becomesReady()).isTrue();
        assertThat(ImageBehaviour.CRASH_LOOP.becomesReady()).isFalse();
        assertThat(ImageBehaviour.OOM_KILLED.becomesReady()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0.1, 10", "0.02, 50"})
    void everyRunOfOneOverTheRatioRequestsHoldsExactlyOneFailure(double ratio, int run) {
        RequestProfile profile = new RequestProfile(ratio, Duration.ZERO);
        boolean[] failed = new boolean[10_000];
        for (int n = 0; n < failed.length; n++) {
            failed[n] = profile.fails(n);
        }

        for (int start = 0; start + run <= failed.length; start++) {
            int failures = 0;
            for (int n = start; n < start + run; n++) {
                failures += failed[n] ? 1 : 0;
            }
            assertThat(failures).as("requests %d to %d", start, start + run - 1).isEqualTo(1);
        }
        assertThat(RequestProfile.NORMAL.fails(0)).isFalse();
    }

    @Test
    void aSlowProfileNeverAnswersInLessThanItsMinimumAndAddsAtMostTheJitter() {
        RequestProfile slow = ImageCatalogue.SLOW;

        assertThat(slow.latency(0.0)).isEqualTo(Duration.ofMillis(1200));
        assertThat(slow.latency(0.999999))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1200))
                .isLessThan(Duration.ofMillis(1200).plus(RequestProfile.JITTER));
        assertThat(RequestProfile.NORMAL.latency(0.5)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void rejectsAnErrorRatioOutsideZeroToOne() {
        assertThatThrownBy(() -> new RequestProfile(1.5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestProfile(Double.NaN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imagesAddedWithoutAProfileAnswerNormally() {
        ImageCatalogue custom = ImageCatalogue.empty()
                .with("registry.example/app:1", ImageCatalogue.SHOP_1_4_0_DIGEST, ImageBehaviour.HEALTHY);

        assertThat(custom.find("registry.example/app:1"))
                .hasValueSatisfying(e -> assertThat(e.requests()).isEqualTo(RequestProfile.NORMAL));
    }
}
