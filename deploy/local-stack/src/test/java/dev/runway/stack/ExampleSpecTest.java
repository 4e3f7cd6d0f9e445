package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.SpecReader;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.ReleaseSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The spec the README tells users to POST is the demo's healthy release, aimed at the documented sandbox port. */
class ExampleSpecTest {

    private static final Path ROOT = Path.of(System.getProperty("runway.root", "../.."));

    @Test
    void theExampleIsTheDemosHealthyReleaseOnTheDocumentedPorts() throws IOException {
        Path example = ROOT.resolve(UpMain.EXAMPLE_SPEC);

        ReleaseSpec spec = RunwayJson.strict().readValue(example.toFile(), ReleaseSpec.class);

        assertThat(spec).isEqualTo(DemoReleases.healthy());
    }

    @Test
    void theYamlExampleTheCliStartsIsTheSameRelease() throws IOException {
        String json = SpecReader.read(ROOT.resolve(OperatorTools.YAML_EXAMPLE));

        assertThat(RunwayJson.strict().readValue(json, ReleaseSpec.class)).isEqualTo(DemoReleases.healthy());
    }
}
