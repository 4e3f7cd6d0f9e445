package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String YAML = """
            # shop 1.4.0
            application: shop
            environment: production
            version: "1.4.0"
            image:
              repository: registry.sandbox.local/shop
              digest: sha256:4a5f
            migrations:
              - id: "20261126_001"
                sql: ALTER TABLE customer ADD COLUMN loyalty_points integer
            thresholds:
              smokePassRatePercent: 95
            configuration:
              data:
                RELEASE: "1.4.0"
              restartRequired: true
            """;

    @TempDir
    Path dir;

    @Test
    void yamlBecomesTheSameJsonAsTheJsonSpec() throws IOException {
        String json = """
                {"application":"shop","environment":"production","version":"1.4.0",
                 "image":{"repository":"registry.sandbox.local/shop","digest":"sha256:4a5f"},
                 "migrations":[{"id":"20261126_001","sql":"ALTER TABLE customer ADD COLUMN loyalty_points integer"}],
                 "thresholds":{"smokePassRatePercent":95},
                 "configuration":{"data":{"RELEASE":"1.4.0"},"restartRequired":true}}
                """;

        assertThat(JSON.readTree(SpecReader.read(write("release.yaml", YAML))))
                .isEqualTo(JSON.readTree(SpecReader.read(write("release.json", json))));
    }

    @Test
    void theContentNotTheFileNameSaysWhichFormatItIs() throws IOException {
        String fromJsonNamedFile = SpecReader.read(write("release.json", YAML));
        String fromJsonInYamlFile = SpecReader.read(write("release.yaml", "  {\"application\": \"shop\"}"));

        assertThat(JSON.readTree(fromJsonNamedFile).path("application").asText())
                .isEqualTo("shop");
        assertThat(JSON.readTree(fromJsonNamedFile)
                        .path("thresholds")
                        .path("smokePassRatePercent")
                        .isInt())
                .isTrue();
        assertThat(fromJsonInYamlFile).isEqualTo("{\"application\":\"shop\"}");
    }

    @Test
    void aQuotedVersionStaysAStringAndAByteOrderMarkIsIgnored() {
        String json = SpecReader.toJson("\uFEFFversion: \"1.10\"\nreplicas: 3\n", "spec");

        assertThat(json).isEqualTo("{\"version\":\"1.10\",\"replicas\":3}");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorRatherThanTheLastOneWinning() {
        assertThatThrownBy(() -> SpecReader.toJson("version: 1.4.0\nversion: 1.5.0\n", "release.yaml"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("release.yaml")
                .hasMessageContaining("version");
    }

    @Test
    void brokenYamlNamesTheFileLineAndColumn() {
        assertThatThrownBy(() -> SpecReader.toJson("application: shop\nimage:\n  repository: [unclosed\n", "r.yaml"))
                .isInstanceOf(CliException.class)
                .hasMessageMatching("(?s)r\\.yaml:\\d+:\\d+: not valid YAML: .*")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void brokenJsonIsReportedAsJson() {
        assertThatThrownBy(() -> SpecReader.toJson("{\"application\": \"shop\",}", "r.json"))
                .hasMessageStartingWith("r.json:1:")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aFileHoldsExactlyOneMapping() {
        assertThatThrownBy(() -> SpecReader.toJson("application: a\n---\napplication: b\n", "two.yaml"))
                .hasMessageContaining("holds 2 documents");
        assertThatThrownBy(() -> SpecReader.toJson("- application: a\n", "list.yaml"))
                .hasMessageContaining("holds a array; a release spec is a mapping");
        assertThatThrownBy(() -> SpecReader.toJson("  \n", "empty.yaml")).hasMessageContaining("is empty");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SpecReader.read(dir.resolve("nope.yaml")))
                .hasMessage("no such file: " + dir.resolve("nope.yaml"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
