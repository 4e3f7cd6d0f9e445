package dev.runway.rollout.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void aDockerHubStyleChallengeNamesRealmServiceAndScope() {
        BearerChallenge challenge = BearerChallenge.parse(
                        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                                + "scope=\"repository:library/shop:pull\"")
                .orElseThrow();

        assertThat(challenge.tokenUri())
                .isEqualTo(URI.create("https://auth.docker.io/token?service=registry.docker.io"
                        + "&scope=repository%3Alibrary%2Fshop%3Apull"));
    }

    @Test
    void aChallengeWithoutScopeAsksForTheServiceOnly() {
        assertThat(BearerChallenge.parse("Bearer realm=\"http://127.0.0.1:1/v2/token\",service=\"r.local\"")
                        .orElseThrow()
                        .tokenUri())
                .isEqualTo(URI.create("http://127.0.0.1:1/v2/token?service=r.local"));
    }

    @Test
    void basicChallengesAndChallengesWithoutRealmAreNotBearerChallenges() {
        assertThat(BearerChallenge.parse("Basic realm=\"registry\"")).isEmpty();
        assertThat(BearerChallenge.parse("Bearer service=\"registry\"")).isEmpty();
        assertThat(BearerChallenge.parse(null)).isEmpty();
    }
}
