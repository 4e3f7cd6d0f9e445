package dev.runway.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksEveryConfiguredPasswordWhereverItAppears() {
        Redactor redactor = new Redactor(List.of("s3cret", "hunter2"));

        assertThat(redactor.redact(
                        "connect to jdbc:postgresql://db/shop?password=s3cret as shop (pw hunter2, again s3cret)"))
                .isEqualTo("connect to jdbc:postgresql://db/shop?password=**** as shop (pw ****, again ****)");
    }

    @Test
    void masksAPasswordThatContainsAnotherWhole() {
        Redactor redactor = new Redactor(List.of("abc", "abcdef"));

        assertThat(redactor.redact("x abcdef y")).isEqualTo("x **** y");
    }

    @Test
    void ignoresEmptyAndMissingPasswordsAndMissingText() {
        Redactor redactor = new Redactor(Arrays.asList("", null));

        assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void targetDatabaseToStringLeavesThePasswordOut() {
        assertThat(new TargetDatabase("shop", "jdbc:postgresql://db/shop", "app", "s3cret").toString())
                .doesNotContain("s3cret")
                .contains("shop", "app");
    }
}
