package dev.runway.rollout.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheProbeIT {

    final CacheProbe probe = new CacheProbe();

    @Test
    void anEdgeThatMissesThenHitsPasses() {
        try (EdgeStandIn edge = new EdgeStandIn(EdgeStandIn.MISS_THEN_HIT)) {
            CacheProbe.Result result = probe.probe(edge.health(), "X-Cache", Duration.ofSeconds(5));

            assertThat(result.missThenHit()).isTrue();
            assertThat(result.first()).isEqualTo("Miss from cloudfront");
            assertThat(result.second()).isEqualTo("Hit from cloudfront");
            assertThat(edge.requests()).isEqualTo(2);
        }
    }

    @Test
    void anEdgeThatStillHitsFirstFails() {
        try (EdgeStandIn edge = new EdgeStandIn(n -> "Hit from cloudfront")) {
            CacheProbe.Result result = probe.probe(edge.health(), "X-Cache", Duration.ofSeconds(5));

            assertThat(result.missThenHit()).isFalse();
            assertThat(result.error()).isNull();
            assertThat(result.first()).isEqualTo("Hit from cloudfront");
        }
    }

    @Test
    void anEdgeThatNeverCachesFails() {
        try (EdgeStandIn edge = new EdgeStandIn(n -> "Miss from cloudfront")) {
            assertThat(probe.probe(edge.health(), "X-Cache", Duration.ofSeconds(5))
                            .missThenHit())
                    .isFalse();
        }
    }

    @Test
    void anAnswerWithoutTheHeaderFails() {
        try (EdgeStandIn edge = new EdgeStandIn(n -> null)) {
            CacheProbe.Result result = probe.probe(edge.health(), "X-Cache", Duration.ofSeconds(5));

            assertThat(result.missThenHit()).isFalse();
            assertThat(result.first()).isNull();
        }
    }

    @Test
    void aConfiguredHeaderIsReadInsteadOfXCache() {
        try (EdgeStandIn edge = new EdgeStandIn(EdgeStandIn.MISS_THEN_HIT)) {
            assertThat(probe.probe(edge.health(), "X-Cache-Status", Duration.ofSeconds(5))
                            .missThenHit())
                    .isFalse();
        }
    }

    @Test
    void anEdgeThatDoesNotAnswerIsAnErrorNamingTheUrlWithoutItsQuery() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/health?token=s3cret");

        CacheProbe.Result result = probe.probe(url, "X-Cache", Duration.ofSeconds(5));

        assertThat(result.missThenHit()).isFalse();
        assertThat(result.error())
                .isEqualTo("GET http://127.0.0.1:" + port + "/health failed: ConnectException")
                .doesNotContain("s3cret");
    }
}
