package dev.runway.rollout.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisCacheFlusherTest {

    @Test
    void redactsTheUriAndThePasswordFromErrors() {
        String uri = "redis://:s3cret-pw@cache.internal:6379/0";

        assertThat(RedisCacheFlusher.redact("cannot connect to " + uri, uri))
                .isEqualTo("cannot connect to <redis uri>");
        assertThat(RedisCacheFlusher.redact("WRONGPASS s3cret-pw", uri)).isEqualTo("WRONGPASS ***");
        assertThat(RedisCacheFlusher.redact("auth user:s3cret-pw", "redis://user:s3cret-pw@h:1"))
                .isEqualTo("auth ***");
    }

    @Test
    void aKeyPrefixIsMatchedLiterallyEvenWithGlobCharacters() {
        assertThat(RedisCacheFlusher.glob("shop:")).isEqualTo("shop:");
        assertThat(RedisCacheFlusher.glob("shop:[eu]*?\\")).isEqualTo("shop:\\[eu\\]\\*\\?\\\\");
    }
}
