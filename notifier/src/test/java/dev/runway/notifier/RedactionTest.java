package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksEverySecretInQuotedText() {
        String quoted = Redaction.quote(
                "no_service for /services/T1/B2/abc and again /services/T1/B2/abc", "/services/T1/B2/abc");

        assertThat(quoted).doesNotContain("abc").contains(Redaction.MASK);
    }

    @Test
    void shortensLongBodies() {
        assertThat(Redaction.quote("x".repeat(5000))).hasSizeLessThan(400);
    }

    @Test
    void ignoresBlankSecretsAndNullText() {
        assertThat(Redaction.quote("invalid_payload", "", null)).isEqualTo("invalid_payload");
        assertThat(Redaction.quote(null, "s")).isEmpty();
    }
}
