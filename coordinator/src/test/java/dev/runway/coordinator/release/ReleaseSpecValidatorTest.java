package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.spec.ReleaseSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReleaseSpecValidatorTest {

    static String example() throws IOException {
        try (InputStream in = ReleaseSpecValidatorTest.class.getResourceAsStream("/release-spec.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(example())))
                .isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
        String broken = example()
                .replace("\"application\" : \"shop\"", "\"application\" : \"Shop App\"")
                .replace("\"digest\" : \"sha256:5f0c", "\"digest\" : \"md5:5f0c")
                .replace("\"path\" : \"/api/v1/products\"", "\"path\" : \"api/v1/products\"")
                .replace("\"id\" : \"20261126_002\"", "\"id\" : \"20261126_001\"")
                .replace("\"smokePassRatePercent\" : 95", "\"smokePassRatePercent\" : 140");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(broken)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "application",
                        "image.digest",
                        "smokeChecks[1].path",
                        "database.migrations[1].id",
                        "thresholds.smokePassRatePercent");
    }

    @Test
    void aSpecWithoutSmokeChecksIsRejectedBecausePhaseSevenCannotBeSkipped() throws Exception {
        ReleaseSpec spec = ReleaseSpecParser.parse(example());
        ReleaseSpec noSmoke = new ReleaseSpec(
                spec.application(),
                spec.environment(),
                spec.version(),
                spec.requestedBy(),
                spec.image(),
                spec.kubernetes(),
                spec.service(),
                spec.database(),
                spec.configuration(),
                spec.caches(),
                null,
                spec.goNoGo(),
                spec.thresholds(),
                spec.notifications());

        assertThat(ReleaseSpecValidator.validate(noSmoke))
                .extracting(Violation::field)
                .containsExactly("smokeChecks");
    }

    @Test
    void missingSectionsAreRequired() throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse("{\"application\":\"shop\"}")))
                .extracting(Violation::field)
                .contains("environment", "version", "requestedBy", "image", "kubernetes", "service", "smokeChecks");
    }

    @Test
    void theParserNamesTheFieldOfAWrongType() {
        assertThatThrownBy(() -> ReleaseSpecParser.parse("{\"smokeChecks\": [{\"expectedStatus\": \"two hundred\"}]}"))
                .isInstanceOfSatisfying(
                        ReleaseSpecParser.InvalidSpecException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo("smokeChecks[0].expectedStatus"));
    }
}
