package dev.runway.rollout.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.spec.ImageSpec;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.sandbox.RegistryCredentials;
import dev.runway.sandbox.Sandbox;
import dev.runway.sandbox.SandboxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The digest check against a registry that requires the Distribution spec's bearer tokens (the sandbox's). */
class TokenAuthenticatedRegistryIT {

    private static final String PASSWORD = "pull-secret-7f3a";
    private static final String TOKEN = "sandbox-token-91c2";
    private static final ImageSpec SHOP_1_4_0 =
            new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, ImageCatalogue.SHOP_1_4_0_DIGEST);

    private static Sandbox sandbox;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(new SandboxOptions(0, 0, Duration.ofMillis(250), ImageCatalogue.demo(), false, 0)
                .withRegistryCredentials(new RegistryCredentials("runway", PASSWORD, TOKEN)));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static OciImageRegistry registry(Optional<String> username, Optional<String> password) {
        return new OciImageRegistry(sandbox.registryUrl(), Duration.ofSeconds(5), username, password);
    }

    @Test
    void withTheConfiguredCredentialsTheDigestIsCheckedThroughAToken() {
        assertThat(registry(Optional.of("runway"), Optional.of(PASSWORD)).digestOf(SHOP_1_4_0))
                .contains(ImageCatalogue.SHOP_1_4_0_DIGEST);
    }

    @Test
    void withWrongOrNoCredentialsTheDigestCheckFailsAndNoSecretIsLogged() {
        assertThat(registry(Optional.of("runway"), Optional.of("wrong-" + PASSWORD))
                        .digestOf(SHOP_1_4_0))
                .isEmpty();
        assertThat(registry(Optional.empty(), Optional.empty()).digestOf(SHOP_1_4_0))
                .isEmpty();

        assertThat(logged).anySatisfy(line -> assertThat(line).contains("answered 401"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(TOKEN));
    }

    @Test
    void aDigestTheRepositoryDoesNotHoldIsNotFoundEvenWithAToken() {
        ImageSpec unknown = new ImageSpec(ImageCatalogue.SHOP_REPOSITORY, "sha256:" + "d".repeat(64));

        assertThat(registry(Optional.of("runway"), Optional.of(PASSWORD)).digestOf(unknown))
                .isEmpty();
    }
}
