package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    @Test
    void theFileAndTheDirectoryItCreatesAreOwnerOnly() throws IOException {
        Path file = dir.resolve("runway/config.json");

        new Config("http://127.0.0.1:8080", "secret-token").save(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Config.read(file)).isEqualTo(new Config("http://127.0.0.1:8080", "secret-token"));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aFileOthersCouldReadBecomesOwnerOnlyWhenWritten() throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new Config("http://coordinator", "new-token").save(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Config.read(file).token()).isEqualTo("new-token");
    }

    @Test
    void theEnvironmentOverridesTheFileOneSettingAtATime() {
        Path file = dir.resolve("config.json");
        new Config("http://stored:8080", "stored-token").save(file);
        String config = file.toString();

        assertThat(Config.load(Map.of(Config.CONFIG_VARIABLE, config)))
                .isEqualTo(new Config("http://stored:8080", "stored-token"));
        assertThat(Config.load(Map.of(Config.CONFIG_VARIABLE, config, Config.TOKEN_VARIABLE, "env-token\n")))
                .isEqualTo(new Config("http://stored:8080", "env-token"));
        assertThat(Config.load(Map.of(Config.CONFIG_VARIABLE, config, Config.URL_VARIABLE, "http://env:9090/")))
                .isEqualTo(new Config("http://env:9090", "stored-token"));
    }

    @Test
    void withoutAFileNothingIsSignedIn() {
        Config config = Config.load(
                Map.of(Config.CONFIG_VARIABLE, dir.resolve("none.json").toString()));

        assertThat(config).isEqualTo(new Config(null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Api.signedIn(config))
                .isInstanceOf(CliException.class)
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.NOT_SIGNED_IN);
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertThat(new Config("http://c", "secret-token").toString())
                .doesNotContain("secret-token")
                .contains("(set)");
    }

    @Test
    void theDefaultFileIsUnderTheUsersConfigDirectory() {
        assertThat(Config.file(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "runway", "config.json"));
    }
}
